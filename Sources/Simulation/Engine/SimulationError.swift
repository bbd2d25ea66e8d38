public import ScoringCore

/// An invariant of the epoch loop failed; the run stops.
///
/// Names the epoch and the component responsible: the formula key (and its role) whose output broke
/// the invariant, or `simulation-loop` for the loop's own bookkeeping.
public struct SimulationError: Error, Sendable, Hashable, CustomStringConvertible {
    public var epoch: Int
    /// The formula key (or `simulation-loop`).
    public var component: ComponentKey
    /// The role of the formula, when it is one.
    public var role: FormulaRole?
    public var message: String

    public init(epoch: Int, component: ComponentKey, role: FormulaRole?, message: String) {
        self.epoch = epoch
        self.component = component
        self.role = role
        self.message = message
    }

    public var description: String {
        let who = role.map { "formula '\(component)' (\($0))" } ?? "'\(component)'"
        return "epoch \(epoch): invariant violated by \(who): \(message)"
    }
}
