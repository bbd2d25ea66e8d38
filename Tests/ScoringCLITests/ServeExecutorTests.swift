import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing

/// `scoring serve` as a process, with each `service.executor`: it reports where Swift concurrency jobs
/// run, answers through its handlers, and stops cleanly on SIGTERM.
@Suite("scoring serve on each executor", .serialized)
struct ServeExecutorTests {
    /// One request; returns the status and body (nil status when the server did not answer).
    func request(_ url: String, method: String = "GET", body: String? = nil) -> (status: Int?, body: String) {
        var request = URLRequest(url: URL(string: url)!, timeoutInterval: 5)
        request.httpMethod = method
        if let body {
            request.httpBody = Data(body.utf8)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        nonisolated(unsafe) var result: (Int?, String) = (nil, "")
        let done = DispatchSemaphore(value: 0)
        URLSession.shared.dataTask(with: request) { data, response, _ in
            result = ((response as? HTTPURLResponse)?.statusCode, data.map { String(decoding: $0, as: UTF8.self) } ?? "")
            done.signal()
        }.resume()
        done.wait()
        return result
    }

    @Test(arguments: ["event_loops", "global"])
    func servesAndStopsOnEachExecutor(executor: String) throws {
        var root = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { root.deleteLastPathComponent() }
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("serve-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: data) }
        let port = Int.random(in: 20_000...40_000)
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("serve-\(UUID().uuidString).log")
        FileManager.default.createFile(atPath: log.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: log) }

        let p = Process()
        p.executableURL = URL(fileURLWithPath: try #require(CommandLineTests.binary, "the scoring binary was not built"))
        p.currentDirectoryURL = root
        p.arguments = ["serve", "--config", "configs/reputation/bench.yaml", "--port", String(port),
                       "--set", "service.data_dir=\(data)", "--set", "service.log_level=info",
                       "--set", "service.executor=\(executor)"]
        let output = try FileHandle(forWritingTo: log)
        p.standardOutput = output
        p.standardError = output
        try p.run()
        defer { if p.isRunning { kill(p.processIdentifier, SIGKILL) } }

        let base = "http://127.0.0.1:\(port)"
        var health: Int?
        for _ in 0..<100 where health != 200 {
            health = request(base + "/healthz").status
            if health != 200 { Thread.sleep(forTimeInterval: 0.1) }
        }
        #expect(health == 200)
        // Through the middleware and a handler: an unsigned request is refused with the service's JSON error.
        let refused = request(base + "/reputation_request", method: "POST",
                              body: #"{"validator_hotkey": "", "signature": "", "miners": []}"#)
        #expect(refused.status == 400)
        #expect(refused.body.contains("\"reason\""))
        let metrics = request(base + "/metrics")
        #expect(metrics.status == 200 && metrics.body.contains("reputation_http_requests_total"))

        kill(p.processIdentifier, SIGTERM)
        p.waitUntilExit()
        #expect(p.terminationReason == .exit && p.terminationStatus == 0)
        try output.close()
        let text = try String(contentsOf: log, encoding: .utf8)
        #expect(text.contains("executor=\(executor)"), "log: \(text)")
        #expect(text.contains("reputation service stopped"))
    }
}
