/// One task of an epoch, as the loop processes it.
public struct SimulatedTask: Sendable, Hashable {
    /// Index into the simulation's domain list.
    public var domain: Int
    /// Index into the domain's templates (regular) or traps (trap tasks).
    public var template: Int
    public var difficulty: Int
    public var isTrap: Bool
    public var previouslyUnsolved: Bool
    /// The trap's known score (0 for regular tasks).
    public var groundTruth: Double

    public init(domain: Int, template: Int, difficulty: Int, isTrap: Bool, previouslyUnsolved: Bool, groundTruth: Double) {
        self.domain = domain
        self.template = template
        self.difficulty = difficulty
        self.isTrap = isTrap
        self.previouslyUnsolved = previouslyUnsolved
        self.groundTruth = groundTruth
    }
}
