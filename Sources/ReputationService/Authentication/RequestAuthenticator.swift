import HTTPTypes
import Foundation
import Reputation
import Signatures

/// Checks the signed-message document a request carries, entirely in memory.
///
/// Strict mode (the default), in order:
/// 1. the document parses and its signature verifies (sr25519 or ed25519) for the `Signed by` address;
/// 2. the signer equals the request's `validator_hotkey`;
/// 3. the signed message is `<endpoint> validator=<validator_hotkey> timestamp=<time>` for this route;
/// 4. the timestamp lies within ± `window` of the server clock;
/// 5. the signature has not been seen inside the window (``ReplayCache``).
///
/// Compat mode keeps 1 and 2 only (the seed checked just that the document verified).
struct RequestAuthenticator: Sendable {
    let window: TimeInterval
    let compat: Bool
    let replay: ReplayCache
    let clock: @Sendable () -> Date

    struct Accepted: Sendable {
        var signature: [UInt8]
        var message: String
    }

    /// Verifies `document` for `endpoint` and `validator`, recording it in the replay cache.
    ///
    /// - Throws: ``ServiceError`` 401 with reason `malformed_signature`, `bad_signature`,
    ///   `signer_mismatch`, `wrong_message`, `stale_signature` or `replayed_signature`;
    ///   503 `replay_cache_full` when the cache is saturated.
    func authenticate(document: String, endpoint: String, validator: String,
                      skipReplay: Bool = false) throws(ServiceError) -> Accepted {
        let parsed: SignedDocument
        do {
            parsed = try SignedDocument(parsing: document)
        } catch {
            throw .unauthorized("Signature verification failed: \(error.detail)", reason: "malformed_signature")
        }
        // Cheap checks first, so a forged or replayed document costs no curve arithmetic.
        guard parsed.signer.string == validator else {
            throw .unauthorized("the document is signed by \(parsed.signer), not by validator_hotkey \(validator)",
                                reason: "signer_mismatch")
        }
        var messageDate: Date?
        if !compat {
            guard let message = AuthMessage(parsing: parsed.message) else {
                throw .unauthorized("the signed message must be '\(endpoint) validator=<ss58> timestamp=<time>'",
                                    reason: "wrong_message")
            }
            guard message.endpoint == endpoint else {
                throw .unauthorized("the signed message is for '\(message.endpoint)', not '\(endpoint)'", reason: "wrong_message")
            }
            guard message.validator == validator else {
                throw .unauthorized("the signed message names validator \(message.validator), not \(validator)",
                                    reason: "wrong_message")
            }
            guard let date = message.date else {
                throw .unauthorized("the signed timestamp '\(message.timestamp)' is not ISO 8601 or Unix seconds",
                                    reason: "wrong_message")
            }
            let skew = date.timeIntervalSince(clock())
            guard abs(skew) <= window else {
                throw .unauthorized("the signed timestamp \(message.timestamp) is outside the ±\(Int(window)) s window",
                                    reason: "stale_signature")
            }
            messageDate = date
        }
        do {
            _ = try parsed.verify()
        } catch {
            throw .unauthorized("Signature verification failed: \(error.detail)", reason: "bad_signature")
        }
        if let messageDate, !skipReplay {
            let now = clock().timeIntervalSince1970
            switch replay.insert(parsed.signature, expiry: messageDate.timeIntervalSince1970 + window, now: now) {
            case .fresh: break
            case .replayed:
                throw .unauthorized("this signature was already used; sign a new message for each request",
                                    reason: "replayed_signature")
            case .full:
                var e = ServiceError(.serviceUnavailable, "too many signatures in the replay window; retry shortly",
                                     field: nil, reason: "replay_cache_full")
                e.headers[.retryAfter] = "1"
                throw e
            }
        }
        return Accepted(signature: parsed.signature, message: parsed.message)
    }
}
