import Foundation
public import Hummingbird
import Reputation

/// An error a route answers with: an HTTP status, a sentence, the field at fault and a stable reason.
///
/// This is the only place the service maps errors to HTTP (its `HTTPResponseError` conformance); the
/// body is a ``ServiceErrorBody`` JSON object and carries the request id.
public struct ServiceError: Error, Sendable, CustomStringConvertible {
    public var status: HTTPResponse.Status
    public var message: String
    public var field: String?
    /// Stable machine-readable reason, also the `reason` label of the signature-failure metric.
    public var reason: String
    public var headers: HTTPFields = [:]

    public init(_ status: HTTPResponse.Status, _ message: String, field: String? = nil, reason: String) {
        self.status = status
        self.message = message
        self.field = field
        self.reason = reason
    }

    public var description: String { "\(status.code) \(reason): \(message)" }

    package static func badRequest(_ message: String, field: String? = nil, reason: String = "bad_request") -> Self {
        Self(.badRequest, message, field: field, reason: reason)
    }

    static func unauthorized(_ message: String, reason: String) -> Self {
        Self(.unauthorized, message, field: "signature", reason: reason)
    }

    static func forbidden(_ message: String, field: String = "validator_hotkey") -> Self {
        Self(.forbidden, message, field: field, reason: "not_allowed")
    }

    static func storage(_ message: String) -> Self {
        Self(.internalServerError, message, reason: "storage_failure")
    }
}

extension ServiceError: HTTPResponseError {
    public func response(from request: Request, context: some RequestContext) throws -> Response {
        let body = ServiceErrorBody(error: message, field: field, reason: reason, requestID: context.id)
        var fields = headers
        fields[.contentType] = "application/json; charset=utf-8"
        let data = (try? JSONEncoder().encode(body)) ?? Data(#"{"error":"internal error"}"#.utf8)
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
