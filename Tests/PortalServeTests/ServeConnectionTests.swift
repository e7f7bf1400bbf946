import Foundation
import TestSupport
import Testing

/// `serve` in a child process under a low open-file limit, attacked with more idle and half-sent
/// connections than its cap (and than its descriptors).
@Suite("A running server's connections")
struct ServeConnectionTests {
    private static let healthz = "GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"

    private static func healthzStatus(port: Int) throws -> Int? {
        let socket = try RawSocket(port: port)
        try socket.send(healthz)
        return RawHTTPAnswer(socket.readToEnd().data).status
    }

    @Test func idleAndSlowHeaderConnectionsPastTheCapLeaveHealthzAnsweringAndAreClosedByTheServer() throws {
        let server = try ServeProcess(
            config: ["http": ["port": 0, "maxConnections": 64, "idleTimeoutSeconds": 3, "headerTimeoutSeconds": 2]],
            softOpenFiles: 256, hardOpenFiles: 256)
        defer { server.stop() }
        var held: [RawSocket] = []
        for index in 0..<300 {
            let socket = try RawSocket(port: server.port, timeout: .seconds(15))
            if index.isMultiple(of: 2) { try socket.send("GET /healthz HTTP/1.1\r\nHost: localhost\r\nX-Slow: ") }
            held.append(socket)
        }
        #expect(try Self.healthzStatus(port: server.port) == 200)
        let endings = held.map { $0.readToEnd().ending }
        #expect(endings.allSatisfy { $0 != .timedOut }, "\(endings.filter { $0 == .timedOut }.count) of \(held.count) connections still open")
        #expect(server.isRunning)
        #expect(try Self.healthzStatus(port: server.port) == 200)
    }

    @Test func aConnectionThatSendsNoRequestHeadIsClosedAfterTheHeaderTimeout() throws {
        let server = try ServeProcess(
            config: ["http": ["port": 0, "idleTimeoutSeconds": 600, "headerTimeoutSeconds": 1]], softOpenFiles: 1024, hardOpenFiles: 1024)
        defer { server.stop() }
        let socket = try RawSocket(port: server.port, timeout: .seconds(30))
        try socket.send("GET /healthz HTTP/1.1\r\nHost: local")
        let (data, ending) = socket.readToEnd()
        #expect(ending == .closedByServer)
        #expect(data.isEmpty)
    }

    @Test func theSoftOpenFileLimitIsRaisedToTheHardOneAtStart() throws {
        let server = try ServeProcess(config: ["http": ["port": 0]], softOpenFiles: 200, hardOpenFiles: 256)
        defer { server.stop() }
        let report = server.logLines.first { $0["message"] as? String == "open-file limit" }
        #expect(report?["softAtStart"] as? String == "200")
        #expect(report?["soft"] as? String == "256")
        #expect(report?["hard"] as? String == "256")
    }

    @Test func stdoutInJSONModeCarriesOnlyJSONLogLines() throws {
        let server = try ServeProcess(config: ["http": ["port": 0], "log": ["format": "json"]], softOpenFiles: 1024, hardOpenFiles: 1024)
        #expect(try Self.healthzStatus(port: server.port) == 200)
        server.stop()
        let lines = server.output.filter { !$0.isEmpty }
        #expect(lines.contains { $0.contains("\"listening\"") })
        for line in lines {
            let object = (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any]
            #expect(object?["level"] is String && object?["message"] is String, "not a JSON log line: \(line)")
        }
    }
}
