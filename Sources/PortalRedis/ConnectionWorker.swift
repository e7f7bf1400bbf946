import Foundation

/// A thread that owns one connection: it takes batches from the queue, sends each as one pipeline, and
/// replaces its connection at once when it finds it dead (Redis restarted, closed it, or it broke
/// mid-command). Only opening a connection where there was none waits for the backoff.
final class ConnectionWorker: @unchecked Sendable {
    static let maximumBatch = 128

    private let configuration: RedisConfiguration
    private let queue: CommandQueue
    private let backoff: SharedBackoff
    private var connection: RedisConnection?

    private init(configuration: RedisConfiguration, queue: CommandQueue, backoff: SharedBackoff) {
        self.configuration = configuration
        self.queue = queue
        self.backoff = backoff
    }

    static func start(configuration: RedisConfiguration, queue: CommandQueue, backoff: SharedBackoff, name: String) {
        let worker = ConnectionWorker(configuration: configuration, queue: queue, backoff: backoff)
        let thread = Thread { worker.run() }
        thread.name = name
        thread.start()
    }

    private func run() {
        while let batch = queue.takeBatch(maximumCommands: Self.maximumBatch) {
            serve(batch)
        }
        connection = nil
    }

    private func serve(_ batch: [CommandQueue.Unit]) {
        let now = ContinuousClock.now
        let live = batch.filter { unit in
            guard unit.deadline > now else {
                unit.finish(.failure(.poolExhausted))
                return false
            }
            return true
        }
        guard !live.isEmpty else { return }
        let connection: RedisConnection
        do {
            connection = try connected()
        } catch {
            for unit in live { unit.finish(.failure(error)) }
            return
        }
        let replies: [RedisValue]
        do {
            replies = try connection.execute(live.flatMap(\.commands))
        } catch {
            // Redis may have run some of these commands before the connection broke, so they fail rather
            // than run again on the new connection.
            self.connection = nil
            for unit in live { unit.finish(.failure(error)) }
            _ = try? open()
            return
        }
        var offset = 0
        for unit in live {
            unit.finish(.success(Array(replies[offset..<(offset + unit.commands.count)])))
            offset += unit.commands.count
        }
    }

    /// The connection to send on: the current one while it is alive, at once a new one when it is found
    /// dead, and otherwise a new one when the backoff allows.
    private func connected() throws(RedisError) -> RedisConnection {
        if let connection {
            if connection.isAlive { return connection }
            self.connection = nil
            return try open()
        }
        guard !backoff.isWaiting else { throw .backingOff }
        return try open()
    }

    private func open() throws(RedisError) -> RedisConnection {
        let startedAt = ContinuousClock.now
        do {
            let opened = try RedisConnection.open(
                configuration.url,
                connectTimeout: configuration.connectTimeout,
                commandTimeout: configuration.commandTimeout
            )
            backoff.recordSuccess()
            connection = opened
            return opened
        } catch {
            backoff.recordFailure(ofAttemptStartedAt: startedAt)
            throw error
        }
    }
}
