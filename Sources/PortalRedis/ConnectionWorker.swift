import Foundation

/// A thread that owns one connection: it takes batches from the queue, (re)connects when it must and the
/// backoff allows, and sends each batch as one pipeline.
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
            self.connection = nil
            backoff.recordFailure()
            for unit in live { unit.finish(.failure(error)) }
            return
        }
        var offset = 0
        for unit in live {
            unit.finish(.success(Array(replies[offset..<(offset + unit.commands.count)])))
            offset += unit.commands.count
        }
    }

    private func connected() throws(RedisError) -> RedisConnection {
        if let connection, !connection.isBroken { return connection }
        connection = nil
        guard !backoff.isWaiting else { throw .backingOff }
        do {
            let opened = try RedisConnection.open(
                configuration.url, connectTimeout: configuration.connectTimeout, commandTimeout: configuration.commandTimeout)
            backoff.recordSuccess()
            connection = opened
            return opened
        } catch {
            backoff.recordFailure()
            throw error
        }
    }
}
