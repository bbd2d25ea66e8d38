import Foundation

/// Inline SVG charts for the reports: horizontal bars, lines over epochs, paired bars and
/// intervals. Every chart scales to its container (`viewBox`, `width="100%"`), takes its colours
/// from CSS classes or explicit series colours, and carries `<title>` elements so hovering shows
/// exact values without JavaScript.
enum SVGChart {
    /// Colours for series (miners, validators, cells): distinguishable on light and dark grounds.
    static let palette = ["#2563eb", "#dc2626", "#15803d", "#b45309", "#7c3aed", "#0e7490",
                          "#be185d", "#4d7c0f", "#c2410c", "#4338ca", "#0f766e", "#854d0e"]

    static func color(_ i: Int) -> String { palette[i % palette.count] }

    /// Tick values covering `low...high`: about `count` steps of 1, 2 or 5 × 10ⁿ.
    static func ticks(_ low: Double, _ high: Double, count: Int = 5) -> [Double] {
        guard high > low, (high - low).isFinite else { return [low] }
        let raw = (high - low) / Double(max(count, 1))
        let magnitude = pow(10, (log10(raw)).rounded(.down))
        let step = [1.0, 2.0, 5.0, 10.0].map { $0 * magnitude }.first { $0 >= raw } ?? raw
        var out: [Double] = []
        var v = (low / step).rounded(.down) * step
        while v <= high + step * 1e-9 {
            if v >= low - step * 1e-9 { out.append(abs(v) < step * 1e-9 ? 0 : v) }
            v += step
        }
        return out
    }

    /// Rounds to two decimals for coordinates, keeping the SVG text small.
    static func c(_ x: Double) -> String {
        let r = (x * 100).rounded() / 100
        return r == r.rounded() ? String(Int(r)) : String(r)
    }

    // MARK: - Horizontal bars

    /// One bar.
    struct Bar {
        var label: String
        var value: Double
        var color: String
        /// Text shown at the end of the bar.
        var valueText: String
        /// Hover text.
        var title: String
        /// `data-` attributes for the bar group (tests read them).
        var data: [(String, String)] = []
    }

    /// A horizontal bar chart, one row per bar, labels on the left and values at the bar ends.
    static func horizontalBars(_ bars: [Bar], label: String, width: Double = 640) -> String {
        let row = 24.0, top = 8.0, labelWidth = 150.0, valueWidth = 86.0
        let height = top * 2 + row * Double(max(bars.count, 1))
        let maxValue = max(bars.map(\.value).max() ?? 0, 1e-12)
        let plot = width - labelWidth - valueWidth
        var s = open("chart bars", width: width, height: height, label: label, fitTopLeft: true)
        for (i, bar) in bars.enumerated() {
            let y = top + row * Double(i)
            let w = max(0, bar.value) / maxValue * plot
            let data = bar.data.map { " data-\($0.0)=\"\(HTML.escape($0.1))\"" }.joined()
            s += "<g class=\"bar\"\(data)><title>\(HTML.escape(bar.title))</title>"
            s += "<text class=\"label\" x=\"\(c(labelWidth - 8))\" y=\"\(c(y + row / 2 + 4))\" text-anchor=\"end\">\(HTML.escape(truncate(bar.label, 20)))</text>"
            s += "<rect x=\"\(c(labelWidth))\" y=\"\(c(y + 4))\" width=\"\(c(max(w, 1)))\" height=\"\(c(row - 8))\" rx=\"3\" fill=\"\(bar.color)\"/>"
            s += "<text class=\"value\" x=\"\(c(labelWidth + max(w, 1) + 6))\" y=\"\(c(y + row / 2 + 4))\">\(HTML.escape(bar.valueText))</text></g>"
        }
        return s + "</svg>"
    }

    /// The opening `<svg>` of a chart scaled to its container, with its accessible label and
    /// `<title>`; `fitTopLeft` keeps the aspect ratio anchored top-left.
    static func open(_ classes: String, width: Double, height: Double, label: String, fitTopLeft: Bool = false) -> String {
        "<svg class=\"\(classes)\" viewBox=\"0 0 \(c(width)) \(c(height))\" width=\"100%\" role=\"img\" aria-label=\"\(HTML.escape(label))\""
            + (fitTopLeft ? " preserveAspectRatio=\"xMinYMin meet\"" : "") + "><title>\(HTML.escape(label))</title>"
    }

    /// An interval drawn as an I-beam at height `y`: the span from `low` to `high` and a cap of
    /// ±6 at each end, each line with `attributes`.
    static func iBeam(low: Double, high: Double, y: Double, attributes: String) -> String {
        "<line \(attributes) x1=\"\(c(low))\" x2=\"\(c(high))\" y1=\"\(c(y))\" y2=\"\(c(y))\"/>"
            + "<line \(attributes) x1=\"\(c(low))\" x2=\"\(c(low))\" y1=\"\(c(y - 6))\" y2=\"\(c(y + 6))\"/>"
            + "<line \(attributes) x1=\"\(c(high))\" x2=\"\(c(high))\" y1=\"\(c(y - 6))\" y2=\"\(c(y + 6))\"/>"
    }

    static func truncate(_ s: String, _ n: Int) -> String {
        s.count <= n ? s : String(s.prefix(n - 1)) + "…"
    }

    // MARK: - Lines

    /// One line of a line chart.
    struct Series {
        var name: String
        var color: String
        /// (x, y) points in x order.
        var points: [(Double, Double)]
        /// Drawn thin and faded (background series).
        var muted = false
        var data: [(String, String)] = []
    }

    /// A horizontal reference line (a threshold).
    struct Rule {
        var y: Double
        var label: String
    }

    /// A line chart with axes, ticks, optional reference lines and one polyline per series.
    /// Series longer than `maxPoints` are thinned to every k-th point (the last point is kept).
    static func lines(_ series: [Series], label: String, xLabel: String, yLabel: String,
                      yRange: ClosedRange<Double>? = nil, rules: [Rule] = [], width: Double = 640,
                      height: Double = 300, maxPoints: Int = 400) -> String {
        let left = 52.0, right = 16.0, top = 14.0, bottom = 40.0
        let pw = width - left - right, ph = height - top - bottom
        let xs = series.flatMap { $0.points.map(\.0) }
        let ys = series.flatMap { $0.points.map(\.1) } + rules.map(\.y)
        let x0 = xs.min() ?? 0, x1 = max(xs.max() ?? 1, x0 + 1)
        var y0 = yRange?.lowerBound ?? min(0, ys.min() ?? 0)
        var y1 = yRange?.upperBound ?? (ys.max() ?? 1)
        if yRange == nil { y1 += (y1 - y0) * 0.05 }
        if y1 <= y0 { y1 = y0 + 1; y0 = min(y0, 0) }
        func px(_ x: Double) -> Double { left + (x - x0) / (x1 - x0) * pw }
        func py(_ y: Double) -> Double { top + ph - (y - y0) / (y1 - y0) * ph }
        var s = open("chart lines", width: width, height: height, label: label)
        for t in ticks(y0, y1) {
            s += "<line class=\"grid\" x1=\"\(c(left))\" x2=\"\(c(left + pw))\" y1=\"\(c(py(t)))\" y2=\"\(c(py(t)))\"/>"
            s += "<text class=\"tick\" x=\"\(c(left - 6))\" y=\"\(c(py(t) + 4))\" text-anchor=\"end\">\(HTML.tick(t))</text>"
        }
        let xTicks = ticks(x0, x1, count: 8).filter { $0 == $0.rounded() }
        for t in xTicks {
            s += "<text class=\"tick\" x=\"\(c(px(t)))\" y=\"\(c(top + ph + 16))\" text-anchor=\"middle\">\(HTML.tick(t))</text>"
        }
        s += "<line class=\"axis\" x1=\"\(c(left))\" x2=\"\(c(left + pw))\" y1=\"\(c(top + ph))\" y2=\"\(c(top + ph))\"/>"
        s += "<line class=\"axis\" x1=\"\(c(left))\" x2=\"\(c(left))\" y1=\"\(c(top))\" y2=\"\(c(top + ph))\"/>"
        s += "<text class=\"axis-label\" x=\"\(c(left + pw / 2))\" y=\"\(c(height - 6))\" text-anchor=\"middle\">\(HTML.escape(xLabel))</text>"
        s += "<text class=\"axis-label\" transform=\"translate(12 \(c(top + ph / 2))) rotate(-90)\" text-anchor=\"middle\">\(HTML.escape(yLabel))</text>"
        for rule in rules where rule.y >= y0 && rule.y <= y1 {
            s += "<line class=\"rule\" x1=\"\(c(left))\" x2=\"\(c(left + pw))\" y1=\"\(c(py(rule.y)))\" y2=\"\(c(py(rule.y)))\"/>"
            s += "<text class=\"rule-label\" x=\"\(c(left + pw - 4))\" y=\"\(c(py(rule.y) - 4))\" text-anchor=\"end\">\(HTML.escape(rule.label))</text>"
        }
        // Muted series first, so highlighted lines draw on top.
        for line in series.filter(\.muted) + series.filter({ !$0.muted }) {
            let pts = thin(line.points, maxPoints)
            let path = pts.map { "\(c(px($0.0))),\(c(py($0.1)))" }.joined(separator: " ")
            let data = line.data.map { " data-\($0.0)=\"\(HTML.escape($0.1))\"" }.joined()
            s += "<g class=\"series\(line.muted ? " muted" : "")\"\(data)><title>\(HTML.escape(line.name))</title>"
            s += "<polyline points=\"\(path)\" fill=\"none\" stroke=\"\(line.color)\" stroke-width=\"\(line.muted ? 1 : 2)\" stroke-linejoin=\"round\"/>"
            if pts.count <= 60 {
                for p in pts {
                    s += "<circle cx=\"\(c(px(p.0)))\" cy=\"\(c(py(p.1)))\" r=\"2.5\" fill=\"\(line.color)\"><title>\(HTML.escape(line.name)) · \(HTML.escape(xLabel)) \(HTML.tick(p.0)): \(HTML.fixed(p.1, 4))</title></circle>"
                }
            }
            s += "</g>"
        }
        return s + "</svg>"
    }

    static func thin(_ points: [(Double, Double)], _ limit: Int) -> [(Double, Double)] {
        guard points.count > limit, limit > 1 else { return points }
        let stride = (points.count + limit - 1) / limit
        var out: [(Double, Double)] = []
        for i in Swift.stride(from: 0, to: points.count, by: stride) { out.append(points[i]) }
        if let last = points.last, out.last?.0 != last.0 { out.append(last) }
        return out
    }

    // MARK: - Paired bars

    /// Two bars per group (e.g. a tier's weight share without and with reputation weighting).
    static func pairedBars(_ groups: [(label: String, a: Double, b: Double)], aName: String, bName: String,
                           label: String, width: Double = 640) -> String {
        let height = 260.0, left = 52.0, top = 14.0, bottom = 48.0, right = 12.0
        let pw = width - left - right, ph = height - top - bottom
        let maxValue = max(groups.flatMap { [$0.a, $0.b] }.max() ?? 0, 1e-12)
        let yTicks = ticks(0, maxValue)
        let y1 = max(yTicks.last ?? maxValue, maxValue)
        func py(_ v: Double) -> Double { top + ph - v / y1 * ph }
        var s = open("chart paired", width: width, height: height, label: label)
        for t in yTicks {
            s += "<line class=\"grid\" x1=\"\(c(left))\" x2=\"\(c(left + pw))\" y1=\"\(c(py(t)))\" y2=\"\(c(py(t)))\"/>"
            s += "<text class=\"tick\" x=\"\(c(left - 6))\" y=\"\(c(py(t) + 4))\" text-anchor=\"end\">\(HTML.fixed(t * 100, 0))%</text>"
        }
        let gw = pw / Double(max(groups.count, 1))
        let bw = min(36, gw * 0.35)
        for (i, g) in groups.enumerated() {
            let cx = left + gw * (Double(i) + 0.5)
            s += "<g class=\"pair\" data-tier=\"\(HTML.escape(g.label))\">"
            s += "<rect class=\"a\" x=\"\(c(cx - bw - 2))\" y=\"\(c(py(g.a)))\" width=\"\(c(bw))\" height=\"\(c(max(0, ph - (py(g.a) - top))))\"><title>\(HTML.escape(g.label)) · \(HTML.escape(aName)): \(HTML.percent(g.a))</title></rect>"
            s += "<rect class=\"b\" x=\"\(c(cx + 2))\" y=\"\(c(py(g.b)))\" width=\"\(c(bw))\" height=\"\(c(max(0, ph - (py(g.b) - top))))\"><title>\(HTML.escape(g.label)) · \(HTML.escape(bName)): \(HTML.percent(g.b))</title></rect>"
            s += "<text class=\"tick\" x=\"\(c(cx))\" y=\"\(c(top + ph + 16))\" text-anchor=\"middle\">\(HTML.escape(truncate(g.label, 14)))</text>"
            s += "</g>"
        }
        s += "<line class=\"axis\" x1=\"\(c(left))\" x2=\"\(c(left + pw))\" y1=\"\(c(top + ph))\" y2=\"\(c(top + ph))\"/>"
        s += "<rect class=\"a\" x=\"\(c(left))\" y=\"\(c(height - 18))\" width=\"12\" height=\"12\"/><text class=\"tick\" x=\"\(c(left + 16))\" y=\"\(c(height - 8))\">\(HTML.escape(aName))</text>"
        s += "<rect class=\"b\" x=\"\(c(left + 180))\" y=\"\(c(height - 18))\" width=\"12\" height=\"12\"/><text class=\"tick\" x=\"\(c(left + 196))\" y=\"\(c(height - 8))\">\(HTML.escape(bName))</text>"
        return s + "</svg>"
    }

    // MARK: - Scatter against the diagonal

    /// One point of a scatter chart.
    struct Point {
        var x: Double
        var y: Double
        var color: String
        var title: String
        var data: [(String, String)] = []
    }

    /// A square scatter chart of `y` against `x` on the same scale, with the diagonal `y = x`
    /// (points above it gained, below it lost); axes in percent.
    static func scatterAgainstDiagonal(_ points: [Point], label: String, xLabel: String, yLabel: String, size: Double = 500) -> String {
        let left = 52.0, bottom = 40.0, top = 12.0, right = 14.0
        let pw = size - left - right, ph = size - top - bottom
        let hi = max(points.flatMap { [$0.x, $0.y] }.max() ?? 0, 1e-12)
        let axis = ticks(0, hi * 1.04)
        let top1 = max(axis.last ?? hi, hi * 1.04)
        func px(_ v: Double) -> Double { left + v / top1 * pw }
        func py(_ v: Double) -> Double { top + ph - v / top1 * ph }
        var s = open("chart scatter", width: size, height: size, label: label)
        for t in axis {
            s += "<line class=\"grid\" x1=\"\(c(left))\" x2=\"\(c(left + pw))\" y1=\"\(c(py(t)))\" y2=\"\(c(py(t)))\"/>"
            s += "<line class=\"grid\" x1=\"\(c(px(t)))\" x2=\"\(c(px(t)))\" y1=\"\(c(top))\" y2=\"\(c(top + ph))\"/>"
            s += "<text class=\"tick\" x=\"\(c(left - 6))\" y=\"\(c(py(t) + 4))\" text-anchor=\"end\">\(HTML.tick(t * 100))%</text>"
            s += "<text class=\"tick\" x=\"\(c(px(t)))\" y=\"\(c(top + ph + 16))\" text-anchor=\"middle\">\(HTML.tick(t * 100))%</text>"
        }
        s += "<line class=\"rule diagonal\" x1=\"\(c(px(0)))\" y1=\"\(c(py(0)))\" x2=\"\(c(px(top1)))\" y2=\"\(c(py(top1)))\"/>"
        let lx = px(top1 * 0.96), ly = py(top1 * 0.96)
        s += "<text class=\"rule-label\" x=\"\(c(lx))\" y=\"\(c(ly))\" dy=\"14\" text-anchor=\"end\" transform=\"rotate(-45 \(c(lx)) \(c(ly)))\">no change (y = x)</text>"
        s += "<line class=\"axis\" x1=\"\(c(left))\" x2=\"\(c(left + pw))\" y1=\"\(c(top + ph))\" y2=\"\(c(top + ph))\"/>"
        s += "<line class=\"axis\" x1=\"\(c(left))\" x2=\"\(c(left))\" y1=\"\(c(top))\" y2=\"\(c(top + ph))\"/>"
        s += "<text class=\"axis-label\" x=\"\(c(left + pw / 2))\" y=\"\(c(size - 6))\" text-anchor=\"middle\">\(HTML.escape(xLabel))</text>"
        s += "<text class=\"axis-label\" transform=\"translate(12 \(c(top + ph / 2))) rotate(-90)\" text-anchor=\"middle\">\(HTML.escape(yLabel))</text>"
        for p in points {
            let data = p.data.map { " data-\($0.0)=\"\(HTML.escape($0.1))\"" }.joined()
            s += "<circle class=\"point\"\(data) cx=\"\(c(px(p.x)))\" cy=\"\(c(py(p.y)))\" r=\"5\" fill=\"\(p.color)\" fill-opacity=\"0.85\"><title>\(HTML.escape(p.title))</title></circle>"
        }
        return s + "</svg>"
    }

    // MARK: - Intervals

    /// One row of an interval chart: a mean with a whisker from low to high.
    struct IntervalRow {
        var label: String
        var mean: Double
        var low: Double
        var high: Double
        var color: String
        var title: String
    }

    /// Horizontal interval chart (dot at the mean, whisker over the interval), one row per cell,
    /// on a shared axis.
    static func intervals(_ rows: [IntervalRow], label: String, width: Double = 640) -> String {
        let row = 26.0, top = 10.0, labelWidth = 250.0, right = 20.0, bottom = 26.0
        let height = top + bottom + row * Double(max(rows.count, 1))
        let lo = rows.map { min($0.low, $0.mean) }.min() ?? 0
        let hi = rows.map { max($0.high, $0.mean) }.max() ?? 1
        let pad = hi - lo < 1e-12 ? max(abs(hi) * 0.1, 0.5) : max((hi - lo) * 0.08, abs(hi) * 0.01)
        let x0 = lo - pad, x1 = hi + pad
        let pw = width - labelWidth - right
        func px(_ x: Double) -> Double { labelWidth + (x - x0) / (x1 - x0) * pw }
        var s = open("chart intervals", width: width, height: height, label: label)
        let axisY = top + row * Double(rows.count)
        for t in ticks(x0, x1, count: 6) {
            s += "<line class=\"grid\" x1=\"\(c(px(t)))\" x2=\"\(c(px(t)))\" y1=\"\(c(top))\" y2=\"\(c(axisY))\"/>"
            s += "<text class=\"tick\" x=\"\(c(px(t)))\" y=\"\(c(axisY + 16))\" text-anchor=\"middle\">\(HTML.tick(t))</text>"
        }
        for (i, r) in rows.enumerated() {
            let y = top + row * (Double(i) + 0.5)
            s += "<g class=\"interval\" data-cell=\"\(HTML.escape(r.label))\" data-mean=\"\(HTML.exact(r.mean))\"><title>\(HTML.escape(r.title))</title>"
            s += "<text class=\"label\" x=\"\(c(labelWidth - 8))\" y=\"\(c(y + 4))\" text-anchor=\"end\">\(HTML.escape(truncate(r.label, 36)))</text>"
            s += iBeam(low: px(r.low), high: px(r.high), y: y, attributes: "stroke=\"\(r.color)\" stroke-width=\"2\"")
            s += "<circle cx=\"\(c(px(r.mean)))\" cy=\"\(c(y))\" r=\"5\" fill=\"\(r.color)\"/></g>"
        }
        s += "<line class=\"axis\" x1=\"\(c(labelWidth))\" x2=\"\(c(labelWidth + pw))\" y1=\"\(c(axisY))\" y2=\"\(c(axisY))\"/>"
        return s + "</svg>"
    }

    // MARK: - Bars with whiskers

    /// A horizontal bar chart of means with error whiskers over each row's interval: one row per
    /// entry, labels on the left, `mean ± half-width` at the end. Rows carry `class="bar"` and
    /// the row's `data-` attributes.
    static func whiskerBars(_ rows: [IntervalRow], data: [[(String, String)]] = [], label: String, width: Double = 640) -> String {
        let row = 24.0, top = 8.0, labelWidth = 150.0, valueWidth = 120.0
        let height = top * 2 + row * Double(max(rows.count, 1))
        let maxValue = max(rows.map { max($0.high, $0.mean) }.max() ?? 0, 1e-12)
        let plot = width - labelWidth - valueWidth
        func px(_ x: Double) -> Double { labelWidth + max(0, x) / maxValue * plot }
        var s = open("chart bars whiskers", width: width, height: height, label: label, fitTopLeft: true)
        for (i, r) in rows.enumerated() {
            let y = top + row * Double(i), mid = y + row / 2
            let attrs = (i < data.count ? data[i] : []).map { " data-\($0.0)=\"\(HTML.escape($0.1))\"" }.joined()
            s += "<g class=\"bar\"\(attrs)><title>\(HTML.escape(r.title))</title>"
            s += "<text class=\"label\" x=\"\(c(labelWidth - 8))\" y=\"\(c(mid + 4))\" text-anchor=\"end\">\(HTML.escape(truncate(r.label, 20)))</text>"
            s += "<rect x=\"\(c(labelWidth))\" y=\"\(c(y + 5))\" width=\"\(c(max(px(r.mean) - labelWidth, 1)))\" height=\"\(c(row - 10))\" rx=\"3\" fill=\"\(r.color)\" fill-opacity=\"0.8\"/>"
            s += iBeam(low: px(r.low), high: px(r.high), y: mid, attributes: "class=\"whisker\"")
            s += "<text class=\"value\" x=\"\(c(max(px(r.high), px(r.mean)) + 6))\" y=\"\(c(mid + 4))\">\(HTML.tick(r.mean)) ± \(HTML.tick((r.high - r.low) / 2))</text></g>"
        }
        return s + "</svg>"
    }

    // MARK: - Strip plot

    /// One value per run as a dot on a horizontal axis, with the mean (line) and its interval
    /// (band): how a metric varies over Monte Carlo runs.
    static func strip(_ values: [Double], mean: Double, low: Double, high: Double, color: String, label: String,
                      width: Double = 320) -> String {
        let height = 70.0, left = 14.0, right = 14.0, top = 6.0, axisY = 46.0
        let finite = values.filter(\.isFinite)
        var lo = min(finite.min() ?? mean, low, mean), hi = max(finite.max() ?? mean, high, mean)
        if hi - lo < 1e-12 { lo -= 0.5; hi += 0.5 }
        let pad = (hi - lo) * 0.06
        lo -= pad; hi += pad
        let pw = width - left - right
        func px(_ x: Double) -> Double { left + (x - lo) / (hi - lo) * pw }
        var s = open("chart strip", width: width, height: height, label: label)
        s += "<rect class=\"band\" x=\"\(c(px(low)))\" y=\"\(c(top))\" width=\"\(c(max(px(high) - px(low), 1.5)))\" height=\"\(c(axisY - top))\"><title>95 % interval of the mean: [\(HTML.fixed(low, 4)), \(HTML.fixed(high, 4))]</title></rect>"
        for (i, v) in finite.enumerated() {
            let y = top + 6 + Double((i * 7) % 11) / 10 * (axisY - top - 12)
            s += "<circle class=\"run\" cx=\"\(c(px(v)))\" cy=\"\(c(y))\" r=\"3.5\" fill=\"\(color)\" fill-opacity=\"0.7\"><title>run \(i + 1): \(HTML.fixed(v, 4))</title></circle>"
        }
        s += "<line class=\"mean\" x1=\"\(c(px(mean)))\" x2=\"\(c(px(mean)))\" y1=\"\(c(top - 2))\" y2=\"\(c(axisY))\"><title>mean \(HTML.fixed(mean, 4))</title></line>"
        s += "<line class=\"axis\" x1=\"\(c(left))\" x2=\"\(c(left + pw))\" y1=\"\(c(axisY))\" y2=\"\(c(axisY))\"/>"
        for t in ticks(lo, hi, count: 5) {
            s += "<text class=\"tick\" x=\"\(c(px(t)))\" y=\"\(c(axisY + 16))\" text-anchor=\"middle\">\(HTML.tick(t))</text>"
        }
        return s + "</svg>"
    }

    // MARK: - Small pieces

    /// A tiny line without axes (a miner's S_epoch trend in its detail card).
    static func sparkline(_ values: [Double], color: String, label: String, width: Double = 160, height: Double = 36) -> String {
        let pts = thin(values.enumerated().map { (Double($0.offset), $0.element) }, 120)
        let lo = min(values.min() ?? 0, 0), hi = max(values.max() ?? 1, lo + 1e-9)
        let n = max(Double(values.count - 1), 1)
        let path = pts.map { "\(c(2 + $0.0 / n * (width - 4))),\(c(height - 2 - ($0.1 - lo) / (hi - lo) * (height - 4)))" }
            .joined(separator: " ")
        return "<svg class=\"spark\" viewBox=\"0 0 \(c(width)) \(c(height))\" width=\"\(c(width))\" height=\"\(c(height))\" role=\"img\" aria-label=\"\(HTML.escape(label))\"><title>\(HTML.escape(label))</title><polyline points=\"\(path)\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"1.5\"/></svg>"
    }
}
