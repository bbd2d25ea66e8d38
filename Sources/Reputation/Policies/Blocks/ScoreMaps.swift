import Foundation
public import ScoringCore

/// The seed's linear clamp: `factor = clamp(rep_score, min, max)` (MIID phase 3 §3 step 2).
public struct ClampScoreMap: ScoreMap {
    public static let descriptor = ComponentDescriptor(
        key: "clamp", kind: .scoreMap, summary: "The score clamped to [min, max]",
        equation: "f(s) = clamp(s, min, max)", reference: "MIID phase 3 §3 step 2",
        parameters: [
            .number("min", default: 0.8, range: 0...1_000, "Lowest factor"),
            .number("max", default: 1.2, range: 0...1_000, "Highest factor"),
        ])
    public let range: ClosedRange<Double>
    public init(range: ClosedRange<Double> = 0.8...1.2) { self.range = range }
    public init(parameters: ParameterValues) throws {
        self.init(range: try ScoreMapRange.read(parameters))
    }
    public func factor(_ score: Double) -> Double { min(max(score, range.lowerBound), range.upperBound) }
}

/// `factor = clamp(1 + log10(rep_score), min, max)`; a score of 0 gets `min`.
public struct Log10ScoreMap: ScoreMap {
    public static let descriptor = ComponentDescriptor(
        key: "log10", kind: .scoreMap, summary: "1 + log10(score), clamped to [min, max]",
        equation: "f(s) = clamp(1 + log10(s), min, max)",
        parameters: [
            .number("min", default: 0.8, range: 0...1_000, "Lowest factor"),
            .number("max", default: 1.2, range: 0...1_000, "Highest factor"),
        ])
    public let range: ClosedRange<Double>
    public init(range: ClosedRange<Double> = 0.8...1.2) { self.range = range }
    public init(parameters: ParameterValues) throws {
        self.init(range: try ScoreMapRange.read(parameters))
    }
    public func factor(_ score: Double) -> Double {
        guard score > 0 else { return range.lowerBound }
        return min(max(1 + log10(score), range.lowerBound), range.upperBound)
    }
}

/// Linear interpolation through points `(x_i, y_i)` (x strictly increasing), flat outside them.
public struct PiecewiseLinearScoreMap: ScoreMap {
    public static let descriptor = ComponentDescriptor(
        key: "piecewise-linear", kind: .scoreMap, summary: "Linear between the given (score, factor) points, flat outside",
        equation: "f(s) = y_i + (s − x_i)·(y_{i+1} − y_i)/(x_{i+1} − x_i) for x_i ≤ s ≤ x_{i+1}",
        parameters: [
            .numbers("x", default: [0.0, 0.9, 1.0, 1.4], range: 0...1_000, "Scores, strictly increasing"),
            .numbers("y", default: [0.7, 0.95, 1.0, 1.25], range: 0...1_000, "Factors at those scores"),
        ])
    public let xs: [Double]
    public let ys: [Double]

    public init(xs: [Double], ys: [Double]) throws(TierTableError) {
        guard xs.count == ys.count, !xs.isEmpty else {
            throw TierTableError("a piecewise-linear map needs as many factors as scores (at least one), found \(xs.count) and \(ys.count)")
        }
        for i in 1..<max(1, xs.count) where !(xs[i] > xs[i - 1]) {
            throw TierTableError("piecewise-linear scores must be strictly increasing: \(xs[i]) follows \(xs[i - 1])")
        }
        self.xs = xs
        self.ys = ys
    }

    public init(parameters: ParameterValues) throws {
        do {
            try self.init(xs: try parameters.doubles("x"), ys: try parameters.doubles("y"))
        } catch let error as TierTableError {
            throw ConfigError(.invalidValue, at: parameters.location,
                              path: parameters.path.isEmpty ? "x" : "\(parameters.path).options.x", error.message)
        }
    }

    public func factor(_ score: Double) -> Double {
        if score <= xs[0] { return ys[0] }
        for i in 1..<xs.count where score <= xs[i] {
            return ys[i - 1] + (score - xs[i - 1]) * (ys[i] - ys[i - 1]) / (xs[i] - xs[i - 1])
        }
        return ys[ys.count - 1]
    }
}

enum ScoreMapRange {
    static func read(_ parameters: ParameterValues) throws -> ClosedRange<Double> {
        let lo = try parameters.double("min"), hi = try parameters.double("max")
        guard lo <= hi else {
            throw ConfigError(.outOfRange, at: parameters.values["max"]?.location ?? parameters.location,
                              path: parameters.path.isEmpty ? "max" : "\(parameters.path).options.max",
                              "'max' (\(hi)) must not be below 'min' (\(lo))")
        }
        return lo...hi
    }
}
