/// An async Redis client over hiredis: a bounded connection pool, binary-safe commands, pipelines, short
/// timeouts, and reconnection with backoff. Every failure is a `RedisError`.
public final class RedisClient: Sendable {
    public let configuration: RedisConfiguration
    private let pool: RedisConnectionPool

    public init(configuration: RedisConfiguration) {
        self.configuration = configuration
        self.pool = RedisConnectionPool(configuration: configuration)
    }

    /// Sends one command. An error reply throws `RedisError.server`.
    @discardableResult
    public func send(_ command: RedisCommand) async throws(RedisError) -> RedisValue {
        let reply = try await pipeline([command])[0]
        if case .error(let message) = reply { throw .server(message) }
        return reply
    }

    /// Sends the commands in one round trip on one connection; error replies are returned in place.
    public func pipeline(_ commands: [RedisCommand]) async throws(RedisError) -> [RedisValue] {
        guard !commands.isEmpty else { return [] }
        let connection = try await pool.acquire()
        do {
            let replies = try await connection.execute(commands)
            await pool.release(connection)
            return replies
        } catch {
            await pool.release(connection)
            throw error
        }
    }

    /// Closes idle connections and refuses further commands.
    public func shutdown() async {
        await pool.shutdown()
    }
}
