import Foundation
import Hummingbird
import Logging

/// Per-request logging, metrics, request-id header and CORS.
///
/// Every response carries `X-Request-Id` (the id Hummingbird put in the request's logger metadata),
/// one structured log line is written per request, and requests are counted by route (the registered
/// path, or `other` for unknown paths, to bound label cardinality), method and status.
struct ServiceMiddleware<Context: RequestContext>: RouterMiddleware {
    let metrics: ServiceMetrics
    let knownPaths: Set<String>
    let corsOrigins: [String]

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        let path = request.uri.path
        let route = knownPaths.contains(path) ? path : "other"
        let origin = request.headers[.origin]
        let allowOrigin = origin.flatMap { o in corsOrigins.contains("*") ? "*" : (corsOrigins.contains(o) ? o : nil) }
        var response: Response
        var thrown: (any Error)?
        if request.method == .options, let allowOrigin {
            response = Response(status: .noContent)
            response.headers[.accessControlAllowOrigin] = allowOrigin
            response.headers[.accessControlAllowMethods] = "GET, POST, OPTIONS"
            response.headers[.accessControlAllowHeaders] = "Content-Type, Idempotency-Key"
            response.headers[.accessControlMaxAge] = "600"
        } else {
            do {
                response = try await next(request, context)
            } catch {
                thrown = error
                response = Response(status: (error as? any HTTPResponseError)?.status ?? .internalServerError)
            }
        }
        let elapsed = ContinuousClock.now - start
        let nanos = elapsed.components.seconds * 1_000_000_000 + elapsed.components.attoseconds / 1_000_000_000
        metrics.request(route: route, method: request.method, status: response.status.code, nanoseconds: nanos)
        // The line is built only when the level lets it out (the benchmark config logs warnings only).
        let level: Logger.Level = response.status.code >= 500 ? .error : .info
        if context.logger.logLevel <= level {
            var meta: Logger.Metadata = [
                "method": "\(request.method)", "path": "\(path)", "status": "\(response.status.code)",
                "duration_ms": "\(String(format: "%.3f", Double(nanos) / 1e6))",
            ]
            if let e = thrown as? ServiceError {
                meta["reason"] = "\(e.reason)"
                if let f = e.field { meta["field"] = "\(f)" }
            }
            context.logger.log(level: level, level == .error ? "request failed" : "request", metadata: meta)
        }
        if let thrown {
            // Let Hummingbird render the error (ServiceError renders JSON); add our headers to it.
            if var e = thrown as? ServiceError {
                e.headers[.init("X-Request-Id")!] = context.id
                if let allowOrigin { e.headers[.accessControlAllowOrigin] = allowOrigin }
                throw e
            }
            if let h = thrown as? HTTPError {
                // Hummingbird's own errors (404 for an unknown route, 405, …) as JSON too.
                var e = ServiceError(h.status, h.body ?? h.status.reasonPhrase, reason: "http_\(h.status.code)")
                e.headers[.init("X-Request-Id")!] = context.id
                throw e
            }
            if thrown is any HTTPResponseError { throw thrown }
            // Anything else is a bug or an unexpected failure: answer JSON 500, never a bare page.
            var e = ServiceError(.internalServerError, "internal error", reason: "internal_error")
            e.headers[.init("X-Request-Id")!] = context.id
            throw e
        }
        response.headers[.init("X-Request-Id")!] = context.id
        if let allowOrigin { response.headers[.accessControlAllowOrigin] = allowOrigin }
        return response
    }
}
