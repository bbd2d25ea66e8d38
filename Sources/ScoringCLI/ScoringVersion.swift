/// The tool's version, printed by `scoring --version` and written into run manifests.
public enum ScoringVersion {
    public static let current = "0.1.0"
}
