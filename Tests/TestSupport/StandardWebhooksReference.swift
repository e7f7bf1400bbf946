import Foundation

/// The Standard Webhooks reference library (PyPI `standardwebhooks`), driven through
/// `scripts/standard-webhooks.py`. `scripts/test.sh` installs it; a developer machine without python or
/// the library skips the tests that need it, but under CI (`CI=true`) they run and fail, naming what is missing.
public enum StandardWebhooksReference {
    public struct Failed: Error, CustomStringConvertible {
        public let description: String
    }

    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("scripts/standard-webhooks.py")
    static let missingLibrary: Int32 = 3

    /// Whether the tests that need the library run: it is installed, or this is CI, where its absence is a failure.
    public static let shouldRun: Bool = ProcessInfo.processInfo.environment["CI"] == "true" || isInstalled

    public static var isInstalled: Bool {
        (try? run(["-c", "import standardwebhooks"], input: Data()).status) == 0
    }

    /// The `webhook-signature` value the reference library makes for `payload`.
    public static func sign(secret: String, id: String, timestamp: Int64, payload: Data) throws -> String {
        let result = try script(["sign", secret, id, String(timestamp)], payload: payload)
        guard result.status == 0 else { throw Failed(description: "the reference library did not sign: \(result.error)") }
        return result.output.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Nil when the reference library accepts the signature, else its reason for refusing it.
    public static func refusal(secret: String, id: String, timestamp: String, signature: String, payload: Data) throws -> String? {
        let result = try script(["verify", secret, id, timestamp, signature], payload: payload)
        switch result.status {
        case 0: return nil
        case 1: return result.error
        default: throw Failed(description: "the reference library did not run: \(result.error)")
        }
    }

    private static func script(_ arguments: [String], payload: Data) throws -> (status: Int32, output: String, error: String) {
        let result = try run([script.path] + arguments, input: payload)
        if result.status == missingLibrary {
            throw Failed(
                description: "the Python package standardwebhooks is not installed (scripts/test.sh installs it: pip install standardwebhooks)"
            )
        }
        return result
    }

    private static func run(_ arguments: [String], input: Data) throws -> (status: Int32, output: String, error: String) {
        let result: ChildProcessResult
        do {
            result = try runChildProcess(URL(fileURLWithPath: "/usr/bin/env"), ["python3"] + arguments, input: input)
        } catch {
            throw Failed(description: "python3 could not be started: \(error)")
        }
        return (result.status, result.outputText, result.error)
    }
}
