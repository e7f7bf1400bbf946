import APITestSupport
import Foundation
import PortalAPI
import PortalCache
import PortalSupport
import TestSupport
import Testing

@testable import PortalApplication

@Suite("Request body limit", .enabled(if: TestRedis.isAvailable))
struct RequestLimitsTests {
    @Test func aBodyOverTheLimitIs413BeforeAnyRouteSeesIt() async throws {
        try await APIHarness.withRunning(maxBodyBytes: 1024) { api in
            let token = try await api.token(customer: 0, cold: false)
            let answer = try await api.send("POST", "/api/invoices", token: token, body: Data(repeating: 0x41, count: 4096))
            #expect(answer.status == 413)
            #expect(answer.error["code"] as? String == "PAYLOAD_TOO_LARGE")
            #expect(answer.headers["x-request-id"] != nil)
        }
    }

    @Test func aBodyWithinTheLimitGoesOnToTheRouteWhichReadsIt() async throws {
        try await APIHarness.withRunning(maxBodyBytes: 1024) { api in
            let token = try await api.token(customer: 0, cold: false)
            let answer = try await api.send(
                "POST",
                "/api/orders",
                token: token,
                headers: ["Content-Type": "application/json"],
                body: Data(repeating: 0x41, count: 512)
            )
            #expect(answer.status == 400)
            #expect(answer.error["code"] as? String == "VALIDATION_FAILED")
            #expect(answer.error["fields"] as? [String: String] == ["body": "must be a JSON object"])
        }
    }
}

/// Chunked bodies over raw sockets, since a URL client frames bodies itself.
@Suite("Chunked request bodies", .enabled(if: TestRedis.isAvailable))
struct ChunkedBodyTests {
    /// A POST with `body` framed as `chunks` (each sent as one chunk), then the terminating chunk.
    private static func chunked(_ path: String, _ chunks: [String]) -> String {
        let framed = chunks.map { String($0.utf8.count, radix: 16) + "\r\n" + $0 + "\r\n" }.joined()
        return "POST \(path) HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n"
            + "Connection: close\r\n\r\n" + framed + "0\r\n\r\n"
    }

    private static func answer(_ request: String, port: Int) async throws -> RawHTTPAnswer {
        try await offThePool {
            let socket = try RawSocket(port: port)
            try socket.send(request)
            return RawHTTPAnswer(socket.readToEnd().data)
        }
    }

    private static func errorLines(_ logs: LogCapture) -> [String] {
        logs.all.filter { $0.hasPrefix("error ") || $0.hasPrefix("critical ") }
    }

    @Test(arguments: ["/webhooks/whmcs/default", "/api/orders", "/no/such/route"])
    func aChunkedBodyOverTheLimitIs413WithoutAnErrorLogLine(path: String) async throws {
        let logs = LogCapture()
        try await APIHarness.withRunning(maxBodyBytes: 1024, logger: logs.logger()) { api in
            let chunks = Array(repeating: String(repeating: "A", count: 1000), count: 4)
            let answer = try await Self.answer(Self.chunked(path, chunks), port: api.baseURL.port ?? 0)
            #expect(answer.status == 413)
            #expect(answer.text.contains("PAYLOAD_TOO_LARGE"))
            #expect(Self.errorLines(logs).isEmpty)
        }
    }

    @Test(arguments: ["/webhooks/whmcs/default", "/api/orders"])
    func aMalformedChunkedBodyIs400WithoutAnErrorLogLine(path: String) async throws {
        let logs = LogCapture()
        try await APIHarness.withRunning(maxBodyBytes: 1024, logger: logs.logger()) { api in
            let request =
                "POST \(path) HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                + "zz\r\n{\"a\":1}\r\n0\r\n\r\n"
            let answer = try await Self.answer(request, port: api.baseURL.port ?? 0)
            #expect(answer.status == 400)
            #expect(answer.text.contains("VALIDATION_FAILED"))
            #expect(Self.errorLines(logs).isEmpty)
        }
    }

    @Test func anEndlessChunkedBodyIsAnswered413AndItsConnectionClosed() async throws {
        try await APIHarness.withRunning(maxBodyBytes: 1024, limits: ConnectionLimits(headerTimeout: .seconds(1))) { api in
            let port = api.baseURL.port ?? 0
            let (answer, ending) = try await offThePool {
                let socket = try RawSocket(port: port)
                try socket.send("POST /api/orders HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n")
                let chunk = Data(("2000\r\n" + String(repeating: "A", count: 0x2000) + "\r\n").utf8)
                let sender = Thread {
                    for _ in 0..<200_000 where (try? socket.send(chunk)) != nil {}
                }
                sender.start()
                let (data, ending) = socket.readToEnd()
                return (RawHTTPAnswer(data), ending)
            }
            #expect(answer.status == 413)
            #expect(ending == .closedByServer)
        }
    }

    @Test func aChunkedBodyWithinTheLimitReachesTheRoute() async throws {
        try await APIHarness.withRunning(maxBodyBytes: 1024) { api in
            let answer = try await Self.answer(Self.chunked("/api/orders", ["{\"items\":", "[]}"]), port: api.baseURL.port ?? 0)
            #expect(answer.status == 401)
        }
    }
}
