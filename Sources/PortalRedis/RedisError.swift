/// Why a Redis call failed. Callers treat every case as "Redis is not available right now" except
/// `server`, which is Redis refusing one command: they switch on its `code`, never on its message.
public enum RedisError: Error, Equatable, Sendable {
    /// The URL is not one of the forms `RedisURL` reads.
    case invalidURL(String)
    /// No connection could be opened.
    case connectFailed(String)
    /// The connection broke or timed out mid-command; it is dropped and replaced.
    case connectionLost(String)
    /// Redis failed recently and the client waits before trying again (fails fast meanwhile).
    case backingOff
    /// Every pooled connection stayed busy for the whole acquire timeout.
    case poolExhausted
    /// A Redis Cluster cannot serve the slot now (`CLUSTERDOWN`, or no master known for it): treated as
    /// Redis being down, and the client fails fast for a backoff.
    case clusterDown(String)
    /// The client was shut down.
    case shutDown
    /// Redis answered the command with an error reply: `code` is its first word, `message` the whole
    /// reply (for logs).
    case server(code: RedisServerErrorCode, message: String)
    /// A write the master applied that no replica acknowledged in time (`sendReplicated`): a failover now
    /// could lose it, so the caller answers as if Redis were unavailable and the redo must be safe.
    case notReplicated
    /// The reply did not have the shape the command promises.
    case unexpectedReply(String)

    /// The error an error reply stands for.
    public static func server(reply message: String) -> RedisError {
        .server(code: RedisServerErrorCode(reply: message), message: message)
    }
}
