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
    try await race(operation, timeout: (timeout, timeoutError))
}

/// Runs `operation` until it ends or the caller is cancelled; on cancellation throws `CancellationError` at
/// once, without waiting for an operation that ignores it (which is cancelled and left to end by itself).
public func stopWaitingWhenCancelled<Value: Sendable>(_ operation: @escaping @Sendable () async throws -> Value) async throws -> Value {
    try await race(operation, timeout: nil)
}

private func race<Value: Sendable>(
    _ operation: @escaping @Sendable () async throws -> Value,
    timeout: (Duration, @Sendable () -> any Error)?
) async throws -> Value {
    let race = DeadlineRace<Value>()
    return try await withTaskCancellationHandler {
        try await withCheckedThrowingContinuation { continuation in
            var tasks = [
                Task {
                    do {
                        race.finish(.success(try await operation()))
                    } catch {
                        race.finish(.failure(error))
                    }
                }
            ]
            if let (duration, timeoutError) = timeout {
                tasks.append(
                    Task {
                        guard (try? await Task.sleep(for: duration)) != nil else { return }
                        race.finish(.failure(timeoutError()))
                    }
                )
            }
            race.start(continuation, cancelling: tasks)
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
    }

    private let state = Mutex(State())

    func start(_ continuation: CheckedContinuation<Value, any Error>, cancelling tasks: [Task<Void, Never>]) {
        let early = state.withLock { state -> Result<Value, any Error>? in
            if let outcome = state.outcome { return outcome }
            state.continuation = continuation
            state.tasks = tasks
            return nil
        }
        if let early {
            for task in tasks { task.cancel() }
            continuation.resume(with: early)
        }
    }

    func finish(_ outcome: Result<Value, any Error>) {
        let (continuation, tasks) = state.withLock { state -> (CheckedContinuation<Value, any Error>?, [Task<Void, Never>]) in
            guard state.outcome == nil else { return (nil, []) }
            state.outcome = outcome
            defer { (state.continuation, state.tasks) = (nil, []) }
            return (state.continuation, state.tasks)
        }
        for task in tasks { task.cancel() }
        continuation?.resume(with: outcome)
    }
}
