import DequeModule
import Foundation

/// Commands waiting for a connection. Workers take them in batches, so commands from many concurrent tasks
/// share one round trip (automatic pipelining).
final class CommandQueue: @unchecked Sendable {
    /// Commands that must run back to back on one connection, and who waits for their replies. A tracked
    /// unit (one read) has its keys tracked into the invalidation connection, when there is one.
    struct Unit {
        let commands: [RedisCommand]
        var isTracked = false
        let deadline: ContinuousClock.Instant
        let continuation: CheckedContinuation<Result<Replies, RedisError>, Never>

        func finish(_ result: Result<Replies, RedisError>) {
            continuation.resume(returning: result)
        }
    }

    /// A unit's replies, in order, and the generation its reads are tracked into (tracked units only).
    struct Replies {
        let values: [RedisValue]
        var trackingGeneration: UInt64?
    }

    private let condition = NSCondition()
    private var pending: Deque<Unit> = []
    private var isShutDown = false

    func enqueue(_ unit: Unit) {
        condition.lock()
        if isShutDown {
            condition.unlock()
            unit.finish(.failure(.shutDown))
            return
        }
        pending.append(unit)
        condition.signal()
        condition.unlock()
    }

    /// Waits for work and takes units holding up to `maximumCommands` commands (at least one unit); nil once
    /// the queue is shut down.
    func takeBatch(maximumCommands: Int) -> [Unit]? {
        condition.lock()
        defer { condition.unlock() }
        while pending.isEmpty, !isShutDown { condition.wait() }
        guard !isShutDown else { return nil }
        var batch: [Unit] = []
        var commandCount = 0
        while let next = pending.first, batch.isEmpty || commandCount + next.commands.count <= maximumCommands {
            batch.append(pending.removeFirst())
            commandCount += next.commands.count
        }
        return batch
    }

    /// Fails every waiting unit and wakes every worker so that it can stop.
    func shutdown() {
        condition.lock()
        isShutDown = true
        let abandoned = pending
        pending.removeAll()
        condition.broadcast()
        condition.unlock()
        for unit in abandoned { unit.finish(.failure(.shutDown)) }
    }
}
