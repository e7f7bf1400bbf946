import CHiredis
import Glibc

/// One hiredis connection. Its calls block: only a `ConnectionWorker`'s own thread makes them, never a NIO
/// event loop or the Swift concurrency pool, and never two threads at once.
final class RedisConnection {
    private let context: UnsafeMutablePointer<redisContext>
    /// Set once an I/O error left hiredis's context unusable.
    private(set) var isBroken = false

    private init(context: UnsafeMutablePointer<redisContext>) {
        self.context = context
    }

    deinit {
        redisFree(context)
    }

    /// Connects, authenticates and selects the database.
    static func open(_ url: RedisURL, connectTimeout: Duration, commandTimeout: Duration) throws(RedisError) -> RedisConnection {
        guard let context = redisConnectWithTimeout(url.host, Int32(url.port), timeval(connectTimeout)) else {
            throw .connectFailed("cannot allocate a hiredis context")
        }
        let connection = RedisConnection(context: context)
        if context.pointee.err != 0 { throw .connectFailed(connection.errorText) }
        guard redisSetTimeout(context, timeval(commandTimeout)) == REDIS_OK else { throw .connectFailed(connection.errorText) }
        _ = redisEnableKeepAlive(context)
        var setup: [RedisCommand] = []
        if let password = url.password {
            setup.append(
                url.username.map { RedisCommand("AUTH", RedisArgument($0), RedisArgument(password)) } ?? RedisCommand("AUTH", RedisArgument(password))
            )
        }
        if url.database != 0 { setup.append(RedisCommand("SELECT", RedisArgument(url.database))) }
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
        guard !isBroken else { throw .connectionLost("connection already broken") }
        for command in commands {
            let status = command.withArgv { argc, argv, lengths in redisAppendCommandArgv(context, argc, argv, lengths) }
            guard status == REDIS_OK else { throw broken() }
        }
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

extension RedisCommand {
    /// Lays every argument out in one buffer and calls `body` with hiredis's argv/argvlen arrays.
    fileprivate func withArgv<Result>(
        _ body: (Int32, UnsafeMutablePointer<UnsafePointer<CChar>?>, UnsafePointer<Int>) -> Result
    ) -> Result {
        let total = arguments.reduce(0) { $0 + $1.count }
        let storage = UnsafeMutableRawBufferPointer.allocate(byteCount: max(total, 1), alignment: 1)
        defer { storage.deallocate() }
        var pointers: [UnsafePointer<CChar>?] = []
        var lengths: [Int] = []
        pointers.reserveCapacity(arguments.count)
        lengths.reserveCapacity(arguments.count)
        var offset = 0
        for argument in arguments {
            let destination = storage.baseAddress!.advanced(by: offset)
            argument.withUnsafeBytes { source in
                if let base = source.baseAddress { destination.copyMemory(from: base, byteCount: source.count) }
            }
            pointers.append(UnsafePointer(destination.assumingMemoryBound(to: CChar.self)))
            lengths.append(argument.count)
            offset += argument.count
        }
        return pointers.withUnsafeMutableBufferPointer { argv in
            lengths.withUnsafeBufferPointer { argvlen in
                body(Int32(arguments.count), argv.baseAddress!, argvlen.baseAddress!)
            }
        }
    }
}

private func timeval(_ duration: Duration) -> Glibc.timeval {
    let (seconds, attoseconds) = duration.components
    return Glibc.timeval(tv_sec: Int(seconds), tv_usec: Int(attoseconds / 1_000_000_000_000))
}
