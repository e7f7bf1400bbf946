import Synchronization

/// Wakes one waiting stream: signals that arrive while nobody waits are kept (once), so none is lost between
/// two waits, and cancelling the waiting task wakes it too.
final class PubSubWakeup: Sendable {
    private enum State {
        case idle
        case signalled
        case waiting(CheckedContinuation<Void, Never>)
    }

    private let state = Mutex(State.idle)

    func signal() {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            switch state {
            case .waiting(let continuation):
                state = .idle
                return continuation
            case .idle, .signalled:
                state = .signalled
                return nil
            }
        }
        waiter?.resume()
    }

    /// Returns at the next signal, or at once when one came since the last wait.
    func wait() async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let now = state.withLock { state -> Bool in
                    switch state {
                    case .signalled:
                        state = .idle
                        return true
                    case .idle, .waiting:
                        state = .waiting(continuation)
                        return false
                    }
                }
                if now { continuation.resume() }
            }
        } onCancel: {
            signal()
        }
    }
}
