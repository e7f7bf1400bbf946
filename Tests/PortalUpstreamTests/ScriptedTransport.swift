import Foundation
import Logging
import PortalUpstream
import Synchronization

/// A transport that answers from a script, one step per call, and counts the calls.
final class ScriptedTransport: HTTPTransport {
    enum Step {
        case respond(Int, headers: [String: String] = [:], body: String = "{}")
        case fail(TransportError)
    }

    private let state: Mutex<(steps: [Step], calls: Int, requests: [UpstreamRequest])>

    init(_ steps: [Step]) {
        state = Mutex((steps, 0, []))
    }

    var calls: Int { state.withLock { $0.calls } }

    func send(_ request: UpstreamRequest) async throws(TransportError) -> UpstreamResponse {
        let step = state.withLock { state -> Step in
            state.calls += 1
            state.requests.append(request)
            return state.steps.isEmpty ? .respond(200) : state.steps.removeFirst()
        }
        switch step {
        case .respond(let status, let headers, let body): return UpstreamResponse(status: status, headers: headers, body: Data(body.utf8))
        case .fail(let error): throw error
        }
    }
}

/// Keeps every log line (message and metadata rendered as text) for tests to search.
final class CapturedLogs: Sendable {
    private let lines = Mutex<[String]>([])

    var all: [String] { lines.withLock { $0 } }

    func logger(_ label: String = "test") -> Logger {
        Logger(label: label) { _ in Handler(logs: self) }
    }

    fileprivate func append(_ line: String) { lines.withLock { $0.append(line) } }

    private struct Handler: LogHandler {
        let logs: CapturedLogs
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let merged = metadata.merging(event.metadata ?? [:]) { $1 }
            logs.append("\(event.level) \(event.message) \(merged.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " "))")
        }
    }
}
