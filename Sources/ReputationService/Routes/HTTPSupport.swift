package import Foundation
package import Hummingbird
import NIOCore
import Reputation

/// Body reading, JSON decoding with field-naming errors, and JSON responses.
package enum HTTPSupport {
    /// Collects the body, answering 413 beyond `limit` (checked on Content-Length first) and 400 when
    /// the content type is not JSON.
    package static func jsonBody(_ request: Request, limit: Int) async throws(ServiceError) -> Data {
        if let length = request.headers[.contentLength].flatMap(Int.init), length > limit {
            throw tooLarge(limit)
        }
        if let type = request.headers[.contentType] {
            let mime = type.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
            guard mime == "application/json" || mime.hasSuffix("+json") else {
                throw .badRequest("Request body must be JSON (Content-Type: application/json)", reason: "not_json")
            }
        } else {
            throw .badRequest("Request body must be JSON (Content-Type: application/json)", reason: "not_json")
        }
        var request = request
        do {
            let buffer = try await request.collectBody(upTo: limit)
            return Data(buffer.readableBytesView)
        } catch is NIOTooManyBytesError {
            throw tooLarge(limit)
        } catch {
            throw .badRequest("cannot read the request body: \(error)", reason: "bad_body")
        }
    }

    static func tooLarge(_ limit: Int) -> ServiceError {
        ServiceError(.contentTooLarge, "request body exceeds \(limit) bytes", reason: "body_too_large")
    }

    /// Decodes `T`, answering 400 with the path of the offending field.
    package static func decode<T: Decodable>(_ type: T.Type, from data: Data) throws(ServiceError) -> T {
        if data.isEmpty { throw .badRequest("Request body must be JSON", reason: "invalid_json") }
        do {
            return try JSONDecoder().decode(T.self, from: data)
        } catch let error as DecodingError {
            let (path, message) = DecodingFailure.describe(error)
            if path.isEmpty, case .dataCorrupted = error {
                throw .badRequest("Request body must be a valid JSON object", reason: "invalid_json")
            }
            throw .badRequest(message, field: path.isEmpty ? nil : path, reason: "invalid_field")
        } catch {
            throw .badRequest("Request body must be a valid JSON object", reason: "invalid_json")
        }
    }

    package static func json(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = try encoder.encode(value)
        return Response(status: status, headers: [.contentType: "application/json; charset=utf-8"],
                        body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    package static func text(_ text: String, contentType: String) -> Response {
        Response(status: .ok, headers: [.contentType: contentType], body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}
