import Foundation
import PortalCache
import PortalSupport
import TestSupport
import Testing

@testable import PortalApplication

/// `serve` in a child process under a low open-file limit, attacked with more idle and half-sent
/// connections than its cap (and than its descriptors). The blocking socket work runs off the pool;
/// what it saw is checked here.
@Suite("A running server's connections", .serialized)
struct ServeConnectionTests {
    private static let healthz = "GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"

    private static func healthzStatus(port: Int) throws -> Int? {
        let socket = try RawSocket(port: port)
        try socket.send(healthz)
        return RawHTTPAnswer(socket.readToEnd().data).status
    }

    @Test func idleAndSlowHeaderConnectionsPastTheCapLeaveHealthzAnsweringAndAreClosedByTheServer() async throws {
        struct Seen: Sendable {
            let healthzDuringFlood: Int?
            let stillOpen: Int
            let held: Int
            let running: Bool
            let healthzAfter: Int?
        }
        let seen = try await offThePool {
            let server = try ServeProcess(
                config: ["http": ["port": 0, "maxConnections": 64, "idleTimeoutSeconds": 3, "headerTimeoutSeconds": 2]],
                softOpenFiles: 256,
                hardOpenFiles: 256
            )
            defer { server.stop() }
            var held: [RawSocket] = []
            for index in 0..<300 {
                let socket = try RawSocket(port: server.port, timeout: .seconds(15))
                if index.isMultiple(of: 2) { try socket.send("GET /healthz HTTP/1.1\r\nHost: localhost\r\nX-Slow: ") }
                held.append(socket)
            }
            let during = try Self.healthzStatus(port: server.port)
            let stillOpen = held.filter { $0.readToEnd().ending == .timedOut }.count
            return Seen(
                healthzDuringFlood: during,
                stillOpen: stillOpen,
                held: held.count,
                running: server.isRunning,
                healthzAfter: try Self.healthzStatus(port: server.port)
            )
        }
        #expect(seen.healthzDuringFlood == 200)
        #expect(seen.stillOpen == 0, "\(seen.stillOpen) of \(seen.held) connections still open")
        #expect(seen.running)
        #expect(seen.healthzAfter == 200)
    }

    @Test func aConnectionThatSendsNoCompleteRequestHeadIsClosedAfterTheHeaderTimeout() async throws {
        let (data, ending) = try await offThePool {
            let server = try ServeProcess(
                config: ["http": ["port": 0, "idleTimeoutSeconds": 600, "headerTimeoutSeconds": 1]],
                softOpenFiles: 1024,
                hardOpenFiles: 1024
            )
            defer { server.stop() }
            let socket = try RawSocket(port: server.port, timeout: .seconds(30))
            try socket.send("GET /healthz HTTP/1.1\r\nHost: local")
            return socket.readToEnd()
        }
        #expect(ending == .closedByServer)
        #expect(data.isEmpty)
    }

    @Test func theSoftOpenFileLimitIsRaisedToTheHardOneAtStart() async throws {
        let report = try await offThePool {
            let server = try ServeProcess(config: ["http": ["port": 0]], softOpenFiles: 200, hardOpenFiles: 256)
            defer { server.stop() }
            let line = server.logLines.first { $0["message"] as? String == "open-file limit" }
            return (line ?? [:]).compactMapValues { $0 as? String }
        }
        #expect(report["softAtStart"] == "200")
        #expect(report["soft"] == "256")
        #expect(report["hard"] == "256")
    }

    @Test func stdoutInJSONModeCarriesOnlyJSONLogLines() async throws {
        let (status, lines) = try await offThePool {
            let server = try ServeProcess(config: ["http": ["port": 0], "log": ["format": "json"]], softOpenFiles: 1024, hardOpenFiles: 1024)
            let status = try Self.healthzStatus(port: server.port)
            server.stop()
            return (status, server.output.filter { !$0.isEmpty })
        }
        #expect(status == 200)
        #expect(lines.contains { $0.contains("\"listening\"") })
        for line in lines {
            let object = (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any]
            #expect(object?["level"] is String && object?["message"] is String, "not a JSON log line: \(line)")
        }
    }

    @Test func overTheSandboxStandardErrorOffersARequestToPasteWithATokenThatWorks() async throws {
        let server = try await offThePool {
            try ServeProcess(config: ["http": ["port": 0], "log": ["format": "json"]], softOpenFiles: 1024, hardOpenFiles: 1024)
        }
        defer { server.stop() }
        try await eventually("the request to paste") { server.errorOutput.contains("/api/dashboard") }
        let (tryIt, logLines, port) = (server.errorOutput, server.output, server.port)
        let token = try #require(tryIt.firstMatch(of: /Authorization: Bearer ([A-Za-z0-9_\-.]+)'/)?.output.1)
        #expect(tryIt.contains("http://127.0.0.1:\(port)/api/dashboard"))
        #expect(!logLines.contains { $0.contains(token) }, "the token reached the log")
        let answer = try await offThePool {
            let socket = try RawSocket(port: port, timeout: .seconds(30))
            try socket.send("GET /api/me HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer \(token)\r\nConnection: close\r\n\r\n")
            return RawHTTPAnswer(socket.readToEnd().data).status
        }
        #expect(answer == 200)
    }
}
