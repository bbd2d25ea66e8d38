import Reputation
import Signatures

/// Full SS58 validation (alphabet, length, Bittensor prefix 42, BLAKE2b checksum).
enum HotkeyCheck {
    static func isValid(_ text: String) -> Bool {
        guard Identifiers.isPlausibleSS58(text) else { return false }
        do {
            _ = try SS58Address(text)
            return true
        } catch {
            return false
        }
    }
}
