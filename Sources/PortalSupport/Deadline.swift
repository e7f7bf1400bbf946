import Synchronization

/// Runs `operation`; once `timeout` has passed first, cancels it and throws `timeoutError()` at once.
///
/// The caller never waits for an operation that ignores its cancellation (URLSession on Linux can keep a
/// request whose answer never comes past its own timeout): the operation runs in a task of its own, which is
/// cancelled and left to end by itself. Task-local values reach it as they would a child task.
public func withDeadline<Value: Sendable>(
    _ timeout: Duration,
    timeoutError: @escaping @Sendable () -> any Error,
    _ operation: @escaping @Sendable () async throws -> Value
) async throws -> Value {
    let race = DeadlineRace<Value>()
    return try await withTaskCancellationHandler {
        try await withCheckedThrowingContinuation { continuation in
            let work = Task {
                do {
                    race.finish(.success(try await operation()))
                } catch {
                    race.finish(.failure(error))
                }
            }
            let timer = Task {
                try await Task.sleep(for: timeout)
                race.finish(.failure(timeoutError()))
            }
            race.start(continuation, cancelling: (work, timer))
        }
    } onCancel: {
        race.finish(.failure(CancellationError()))
    }
}

/// Whichever of the operation, the timer and the caller's cancellation comes first resumes the caller, once,
/// and cancels the others.
private final class DeadlineRace<Value: Sendable>: Sendable {
    private struct State {
        var continuation: CheckedContinuation<Value, any Error>?
        var outcome: Result<Value, any Error>?
        var tasks: [Task<Void, Never>] = []
        var timerTask: Task<Void, any Error>?
    }

    private let state = Mutex(State())

    func start(_ continuation: CheckedContinuation<Value, any Error>, cancelling tasks: (Task<Void, Never>, Task<Void, any Error>)) {
        let early = state.withLock { state -> Result<Value, any Error>? in
            if let outcome = state.outcome { return outcome }
            state.continuation = continuation
            state.tasks = [tasks.0]
            state.timerTask = tasks.1
            return nil
        }
        if let early {
            tasks.0.cancel()
            tasks.1.cancel()
            continuation.resume(with: early)
        }
    }

    func finish(_ outcome: Result<Value, any Error>) {
        let (continuation, tasks, timer) = state.withLock {
            state -> (CheckedContinuation<Value, any Error>?, [Task<Void, Never>], Task<Void, any Error>?) in
            guard state.outcome == nil else { return (nil, [], nil) }
            state.outcome = outcome
            defer {
                state.continuation = nil
                state.tasks = []
                state.timerTask = nil
            }
            return (state.continuation, state.tasks, state.timerTask)
        }
        for task in tasks { task.cancel() }
        timer?.cancel()
        continuation?.resume(with: outcome)
    }
}
