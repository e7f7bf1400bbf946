import CHiredis
import Glibc

/// One hiredis connection. Its calls block: only a `ConnectionWorker`'s own thread makes them, never a NIO
/// event loop or the Swift concurrency pool, and never two threads at once.
final class RedisConnection {
    private let context: UnsafeMutablePointer<redisContext>
    /// Set once an I/O error left hiredis's context unusable.
    private(set) var isBroken = false
    /// The generation of the invalidation connection this connection's reads are tracked into, if any.
    var trackingGeneration: UInt64?
    /// The scripts this connection has sent as text, so Redis has them cached for `EVALSHA`.
    var sentScripts: Set<RedisScript> = []
    /// The `MasterGeneration` it was opened in.
    var masterGeneration = 0

    private init(context: UnsafeMutablePointer<redisContext>) {
        self.context = context
    }

    deinit {
        redisFree(context)
    }

    /// Connects to `node` (a cluster node), or else to the server `url` names (for Sentinel, the master the
    /// sentinels name now), authenticates and selects the database; a Sentinel's master must also say
    /// `ROLE` master, since a sentinel's answer can be a moment old.
    static func open(
        _ url: RedisURL,
        node: RedisEndpoint? = nil,
        connectTimeout: Duration,
        commandTimeout: Duration
    ) throws(RedisError) -> RedisConnection {
        let endpoint: RedisEndpoint
        if let node {
            endpoint = node
        } else {
            endpoint = try SentinelDiscovery.endpoint(of: url, connectTimeout: connectTimeout, commandTimeout: commandTimeout)
        }
        let connection = try connect(endpoint, connectTimeout: connectTimeout, commandTimeout: commandTimeout)
        var setup: [RedisCommand] = []
        if let password = url.password {
            setup.append(
                url.username.map { RedisCommand("AUTH", RedisArgument($0), RedisArgument(password)) } ?? RedisCommand("AUTH", RedisArgument(password))
            )
        }
        if url.database != 0 { setup.append(RedisCommand("SELECT", RedisArgument(url.database))) }
        let checksRole = if case .sentinel = url.topology { true } else { false }
        if checksRole { setup.append(RedisCommand("ROLE")) }
        guard !setup.isEmpty else { return connection }
        let replies: [RedisValue]
        do {
            replies = try connection.execute(setup)
        } catch {
            throw .connectFailed(String(describing: error))
        }
        for case .error(let message) in replies {
            throw .connectFailed("Redis refused the connection setup: \(message)")
        }
        if checksRole, case .array(let role) = replies.last, let name = role.first?.string, name != "master" {
            throw .connectFailed("\(endpoint), named master by the sentinels, is a \(name)")
        }
        return connection
    }

    /// A bare connection to `endpoint`, with the command timeout and TCP keep-alive set.
    static func connect(_ endpoint: RedisEndpoint, connectTimeout: Duration, commandTimeout: Duration) throws(RedisError) -> RedisConnection {
        guard let context = redisConnectWithTimeout(endpoint.host, Int32(endpoint.port), timeval(connectTimeout)) else {
            throw .connectFailed("cannot allocate a hiredis context")
        }
        let connection = RedisConnection(context: context)
        if context.pointee.err != 0 { throw .connectFailed(connection.errorText) }
        guard redisSetTimeout(context, timeval(commandTimeout)) == REDIS_OK else { throw .connectFailed(connection.errorText) }
        _ = redisEnableKeepAlive(context)
        return connection
    }

    /// False once the connection broke or the server closed or reset it. Redis says nothing unasked on a
    /// connection with no command outstanding, so anything to read between pipelines is the end of it.
    var isAlive: Bool {
        guard !isBroken else { return false }
        var socket = pollfd(fd: context.pointee.fd, events: Int16(POLLIN), revents: 0)
        return poll(&socket, 1, 0) == 0
    }

    /// Sends the commands as one pipeline and returns their replies in order.
    func execute(_ commands: [RedisCommand]) throws(RedisError) -> [RedisValue] {
        try append(commands)
        var replies: [RedisValue] = []
        replies.reserveCapacity(commands.count)
        for _ in commands {
            var reply: UnsafeMutableRawPointer?
            guard redisGetReply(context, &reply) == REDIS_OK, let reply else { throw broken() }
            replies.append(RedisValue(reply: reply.assumingMemoryBound(to: redisReply.self)))
            freeReplyObject(reply)
        }
        return replies
    }

    /// Queues the commands in hiredis's output buffer as one RESP block (sent with the next read or flush).
    func append(_ commands: [RedisCommand]) throws(RedisError) {
        guard !isBroken else { throw .connectionLost("connection already broken") }
        let encoded = RESPEncoder.encode(commands)
        let status = encoded.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { redisAppendFormattedCommand(context, $0.baseAddress, $0.count) }
        }
        guard status == REDIS_OK else { throw broken() }
    }

    /// Writes whatever is queued, blocking until it is all sent.
    func flush() throws(RedisError) {
        var done: Int32 = 0
        while done == 0 {
            guard redisBufferWrite(context, &done) == REDIS_OK else { throw broken() }
        }
    }

    /// The replies that arrive within `timeout` (none when nothing does); for a subscribed connection, where
    /// Redis sends messages unasked. Throws when the connection closed or broke.
    func replies(arrivingWithin timeout: Duration) throws(RedisError) -> [RedisValue] {
        var replies = try bufferedReplies()
        guard replies.isEmpty else { return replies }
        let (seconds, attoseconds) = timeout.components
        let milliseconds = max(0, Int32(clamping: seconds * 1000 + attoseconds / 1_000_000_000_000_000))
        var socket = pollfd(fd: context.pointee.fd, events: Int16(POLLIN), revents: 0)
        let ready = poll(&socket, 1, milliseconds)
        guard ready > 0 else {
            if ready < 0, errno != EINTR { throw broken() }
            return []
        }
        guard redisBufferRead(context) == REDIS_OK else { throw broken() }
        replies = try bufferedReplies()
        return replies
    }

    private func bufferedReplies() throws(RedisError) -> [RedisValue] {
        var replies: [RedisValue] = []
        while true {
            var reply: UnsafeMutableRawPointer?
            guard redisGetReplyFromReader(context, &reply) == REDIS_OK else { throw broken() }
            guard let reply else { return replies }
            replies.append(RedisValue(reply: reply.assumingMemoryBound(to: redisReply.self)))
            freeReplyObject(reply)
        }
    }

    private func broken() -> RedisError {
        isBroken = true
        return .connectionLost(errorText)
    }

    private var errorText: String {
        withUnsafeBytes(of: context.pointee.errstr) { buffer in
            String(decoding: buffer.prefix { $0 != 0 }, as: UTF8.self)
        }
    }
}

extension RedisValue {
    fileprivate init(reply: UnsafeMutablePointer<redisReply>) {
        let value = reply.pointee
        switch value.type {
        case REDIS_REPLY_STRING:
            self = .bytes(Self.bytes(value.str, value.len))
        case REDIS_REPLY_STATUS:
            self = .status(String(decoding: Self.bytes(value.str, value.len), as: UTF8.self))
        case REDIS_REPLY_ERROR:
            self = .error(String(decoding: Self.bytes(value.str, value.len), as: UTF8.self))
        case REDIS_REPLY_INTEGER:
            self = .integer(Int64(value.integer))
        case REDIS_REPLY_ARRAY:
            var elements: [RedisValue] = []
            elements.reserveCapacity(Int(value.elements))
            for index in 0..<Int(value.elements) {
                if let element = value.element[index] { elements.append(RedisValue(reply: element)) } else { elements.append(.null) }
            }
            self = .array(elements)
        default:
            self = .null
        }
    }

    private static func bytes(_ pointer: UnsafeMutablePointer<CChar>?, _ length: Int) -> [UInt8] {
        guard let pointer, length > 0 else { return [] }
        return Array(UnsafeRawBufferPointer(start: pointer, count: length))
    }
}

private func timeval(_ duration: Duration) -> Glibc.timeval {
    let (seconds, attoseconds) = duration.components
    return Glibc.timeval(tv_sec: Int(seconds), tv_usec: Int(attoseconds / 1_000_000_000_000))
}
