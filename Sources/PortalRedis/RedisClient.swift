/// An async Redis client over hiredis: a fixed set of connections, each driven by its own thread, that
/// pipeline whatever commands concurrent tasks have queued; binary-safe commands; short timeouts; and
/// reconnection with backoff, failing fast meanwhile. Every failure is a `RedisError`.
public final class RedisClient: Sendable {
    public let configuration: RedisConfiguration
    private let queue = CommandQueue()
    private let backoff: SharedBackoff

    public init(configuration: RedisConfiguration) {
        self.configuration = configuration
        let backoff = SharedBackoff(initial: configuration.initialBackoff, maximum: configuration.maximumBackoff)
        self.backoff = backoff
        for index in 0..<configuration.poolSize {
            ConnectionWorker.start(configuration: configuration, queue: queue, backoff: backoff, name: "redis-\(index)")
        }
    }

    deinit {
        queue.shutdown()
    }

    /// Sends one command. An error reply throws `RedisError.server`.
    @discardableResult
    public func send(_ command: RedisCommand) async throws(RedisError) -> RedisValue {
        let reply = try await pipeline([command])[0]
        if case .error(let message) = reply { throw .server(reply: message) }
        return reply
    }

    /// Sends the commands back to back on one connection in one round trip; error replies are returned in
    /// place.
    public func pipeline(_ commands: [RedisCommand]) async throws(RedisError) -> [RedisValue] {
        guard !commands.isEmpty else { return [] }
        guard !backoff.isWaiting else { throw .backingOff }
        let deadline = ContinuousClock.now + configuration.acquireTimeout
        let result = await withCheckedContinuation { continuation in
            queue.enqueue(CommandQueue.Unit(commands: commands, deadline: deadline, continuation: continuation))
        }
        return try result.get()
    }

    /// Fails what is waiting, stops the connection threads and closes their connections.
    public func shutdown() async {
        queue.shutdown()
    }
}
