import Foundation

/// `scripts/fixtures/delaying-proxy.py` in a child process: a loopback TCP proxy to `targetPort` that
/// delivers every byte from the server `delay` late, for tests that need a slow network to Redis.
public final class DelayingProxy: @unchecked Sendable {
    public struct DidNotStart: Error {}

    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("scripts/fixtures/delaying-proxy.py")

    private let process = Process()
    public let port: Int

    public init(targetPort: Int, delay: Duration) throws {
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3", Self.script.path, String(targetPort),
            String(delay.components.seconds * 1000 + delay.components.attoseconds / 1_000_000_000_000_000),
        ]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        var line = Data()
        while let byte = try output.fileHandleForReading.read(upToCount: 1), let first = byte.first, first != 0x0A { line.append(first) }
        guard let port = Int(String(decoding: line, as: UTF8.self)) else {
            process.terminate()
            throw DidNotStart()
        }
        self.port = port
    }

    deinit { stop() }

    /// Kills it (SIGKILL: the test runner may have SIGTERM ignored, which children inherit).
    public func stop() {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }
}
