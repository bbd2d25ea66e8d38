/// A unit of registration: a module adds its components to a registry under string keys.
///
/// Built-in modules (ReasonForge, Reputation) register through this same API, so a third-party
/// module is one `ScoringModule` conformance plus one line in the list of modules the program
/// installs. Implementations must:
/// - register every component under a key unique in its ``ComponentKind`` (a duplicate throws);
/// - be deterministic: installing the module twice into fresh registries gives equal key sets;
/// - not touch global state: everything a module provides goes through `registry`.
public protocol ScoringModule: Sendable {
    /// A short name shown by `scoring modules` next to each component the module registered.
    var name: String { get }
    /// Adds the module's components to `registry`.
    func register(into registry: inout ScoringRegistry) throws
}
