import Foundation
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
    /// The requests as they were sent, headers included.
    var requests: [UpstreamRequest] { state.withLock { $0.requests } }

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
