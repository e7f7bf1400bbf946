import Foundation
import PortalCache
import PortalSupport
import Synchronization
import TestSupport

@testable import PortalApplication

/// `portal-bff serve --sandbox` in a child process with the given open-file limits and configuration
/// (merged over `config/development.json`), its stdout collected line by line. Its operator listener takes
/// a free port, so servers of parallel test runs never contend for the default one.
final class ServeProcess: @unchecked Sendable {
    struct DidNotStart: Error, CustomStringConvertible {
        let output: [String]
        var description: String { "serve did not report its port; stdout, then stderr:\n" + output.joined(separator: "\n") }
    }

    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The `portal-bff` the tests were built with: beside the test bundle, or in the package's debug build.
    static var executable: URL {
        let besideTests = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("portal-bff")
        if FileManager.default.isExecutableFile(atPath: besideTests.path) { return besideTests }
        return root.appendingPathComponent(".build/debug/portal-bff")
    }

    /// The lines read so far, shared with the thread that reads them.
    private final class Lines: Sendable {
        let lines = Mutex<[String]>([])
        func append(_ line: String) { lines.withLock { $0.append(line) } }
        var all: [String] { lines.withLock { $0 } }
    }

    private let process: Process
    private let collected: Lines
    private let reader: Thread
    private let errors: URL
    let port: Int

    /// Starts the server and waits (at most `startTimeout`) for its "listening" line.
    /// `upstreams` are the options that choose them: the in-process sandbox, or `--sandbox-at URL`.
    init(
        config: [String: Any],
        softOpenFiles: Int = 4096,
        hardOpenFiles: Int = 4096,
        upstreams: [String] = ["--sandbox"],
        startTimeout: Duration = .seconds(120)
    ) throws {
        var merged =
            try JSONSerialization.jsonObject(with: Data(contentsOf: Self.root.appendingPathComponent("config/development.json"))) as? [String: Any]
            ?? [:]
        for (key, value) in config {
            if let section = value as? [String: Any], let existing = merged[key] as? [String: Any] {
                merged[key] = existing.merging(section) { $1 }
            } else {
                merged[key] = value
            }
        }
        let configPath = try temporaryConfigFile(String(decoding: try JSONSerialization.data(withJSONObject: merged), as: UTF8.self))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments =
            [
                "-c", "ulimit -Sn \(softOpenFiles) && ulimit -Hn \(hardOpenFiles) && exec \"$0\" serve --operator-port 0 --config \"$@\"",
                Self.executable.path, configPath,
            ] + upstreams
        let stdout = Pipe()
        process.standardOutput = stdout
        let errors = FileManager.default.temporaryDirectory.appendingPathComponent("portal-bff-serve-\(UUID().uuidString).stderr")
        _ = FileManager.default.createFile(atPath: errors.path, contents: nil)
        process.standardError = try FileHandle(forWritingTo: errors)
        self.errors = errors
        self.process = process
        let handle = stdout.fileHandleForReading
        let collected = Lines()
        self.collected = collected
        reader = Thread {
            var pending = Data()
            while true {
                let data = handle.availableData
                if data.isEmpty { break }
                pending.append(data)
                while let newline = pending.firstIndex(of: 0x0A) {
                    let line = String(decoding: pending[pending.startIndex..<newline], as: UTF8.self)
                    pending.removeSubrange(pending.startIndex...newline)
                    collected.append(line)
                }
            }
            if !pending.isEmpty { collected.append(String(decoding: pending, as: UTF8.self)) }
        }
        try process.run()
        reader.start()
        let clock = ContinuousClock()
        let deadline = clock.now + startTimeout
        var found: Int?
        while found == nil, clock.now < deadline, process.isRunning {
            found = collected.all.lazy.compactMap(Self.listeningPort).first
            if found == nil { Thread.sleep(forTimeInterval: 0.05) }
        }
        guard let found else {
            process.terminate()
            process.waitUntilExit()
            throw DidNotStart(output: collected.all + [(try? String(contentsOf: errors, encoding: .utf8)) ?? ""])
        }
        port = found
    }

    /// Every line written to stdout so far.
    var output: [String] { collected.all }

    /// What was written to stderr so far.
    var errorOutput: String { (try? String(contentsOf: errors, encoding: .utf8)) ?? "" }

    var isRunning: Bool { process.isRunning }

    /// The decoded JSON objects among the output lines.
    var logLines: [[String: Any]] {
        output.compactMap { (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any] }
    }

    /// Kills the server (SIGKILL: no shutdown, no lease released) and waits for it.
    func kill() {
        if process.isRunning { Foundation.kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        while !reader.isFinished { Thread.sleep(forTimeInterval: 0.02) }
    }

    /// Stops the server (SIGTERM) and waits for it and for the end of its output.
    func stop() {
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        while !reader.isFinished { Thread.sleep(forTimeInterval: 0.02) }
    }

    private static func listeningPort(_ line: String) -> Int? {
        guard let object = (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any],
            object["message"] as? String == "listening"
        else { return nil }
        return (object["port"] as? String).flatMap(Int.init) ?? object["port"] as? Int
    }
}
