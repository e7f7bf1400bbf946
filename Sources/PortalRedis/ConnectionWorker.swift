import Foundation

/// A thread that owns one connection: it takes batches from the queue, sends each as one pipeline, and
/// replaces its connection at once when it finds it dead (Redis restarted, closed it, or it broke
/// mid-command). Only opening a connection where there was none waits for the backoff.
final class ConnectionWorker: @unchecked Sendable {
    static let maximumBatch = 128

    private let configuration: RedisConfiguration
    private let queue: CommandQueue
    private let backoff: SharedBackoff
    private let tracking: TrackingTarget?
    private let master: MasterGeneration
    private let node: RedisEndpoint?
    private var connection: RedisConnection?

    private init(
        configuration: RedisConfiguration,
        node: RedisEndpoint?,
        queue: CommandQueue,
        backoff: SharedBackoff,
        tracking: TrackingTarget?,
        master: MasterGeneration
    ) {
        self.configuration = configuration
        self.node = node
        self.queue = queue
        self.backoff = backoff
        self.tracking = tracking
        self.master = master
    }

    static func start(
        configuration: RedisConfiguration,
        node: RedisEndpoint?,
        queue: CommandQueue,
        backoff: SharedBackoff,
        tracking: TrackingTarget?,
        master: MasterGeneration,
        name: String
    ) {
        let worker = ConnectionWorker(configuration: configuration, node: node, queue: queue, backoff: backoff, tracking: tracking, master: master)
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
        do {
            let generation = live.contains(where: \.isTracked) ? try trackingGeneration(on: connection) : nil
            var sent: [RedisCommand] = []
            for unit in live {
                if unit.isTracked, generation != nil { sent.append(Self.cacheNextRead) }
                sent += unit.commands.map { scriptCall($0, on: connection) }
            }
            var replies = try connection.execute(sent)[...]
            // A master the sentinels demoted answers writes READONLY: every connection asks them again.
            if case .sentinel = configuration.url.topology, replies.contains(where: Self.isReadOnly) {
                master.leave(connection.masterGeneration)
                self.connection = nil
            }
            for unit in live {
                var trackedInto: UInt64?
                if unit.isTracked, generation != nil {
                    if replies.first == .status("OK") { trackedInto = generation }
                    replies = replies.dropFirst()
                }
                var values = Array(replies.prefix(unit.commands.count))
                replies = replies.dropFirst(unit.commands.count)
                if unit.commands.count == 1, let script = unit.commands[0].script, Self.isNoScript(values[0]) {
                    // Redis lost its script cache (flushed or restarted): the script did not run, so it runs once more, as text.
                    connection.sentScripts.removeAll()
                    values = try connection.execute([unit.commands[0].withScriptText])
                    connection.sentScripts.insert(script)
                } else if values.contains(where: Self.isNoScript) {
                    connection.sentScripts.removeAll()
                }
                unit.finish(.success(.init(values: values, trackingGeneration: trackedInto)))
            }
        } catch {
            // Redis may have run some of these commands before the connection broke, so they fail rather
            // than run again on the new connection.
            self.connection = nil
            for unit in live { unit.finish(.failure(error)) }
            _ = try? open()
        }
    }

    static let cacheNextRead = RedisCommand("CLIENT", "CACHING", "yes")

    private static func isReadOnly(_ reply: RedisValue) -> Bool {
        if case .error(let message) = reply { return RedisServerErrorCode(reply: message) == .readOnly }
        return false
    }

    private static func isNoScript(_ reply: RedisValue) -> Bool {
        if case .error(let message) = reply { return RedisServerErrorCode(reply: message) == .noScript }
        return false
    }

    /// `EVALSHA`, or the script's text the first time this connection runs it.
    private func scriptCall(_ command: RedisCommand, on connection: RedisConnection) -> RedisCommand {
        guard let script = command.script else { return command }
        if connection.sentScripts.contains(script) { return command }
        connection.sentScripts.insert(script)
        return command.withScriptText
    }

    /// The generation this connection's reads are tracked into: tracking is turned on (opt-in, redirected
    /// to the current invalidation connection) when that connection is new to it. Nil when there is no
    /// invalidation connection or Redis refused.
    private func trackingGeneration(on connection: RedisConnection) throws(RedisError) -> UInt64? {
        guard let current = tracking?.current else { return nil }
        if connection.trackingGeneration == current.generation { return current.generation }
        connection.trackingGeneration = nil
        let replies = try connection.execute([
            RedisCommand("CLIENT", "TRACKING", "off"),
            RedisCommand("CLIENT", "TRACKING", "on", "REDIRECT", RedisArgument(current.clientId), "OPTIN"),
        ])
        guard replies[1] == .status("OK") else { return nil }
        connection.trackingGeneration = current.generation
        return current.generation
    }

    /// The connection to send on: the current one while it is alive, at once a new one when it is found
    /// dead, and otherwise a new one when the backoff allows.
    private func connected() throws(RedisError) -> RedisConnection {
        if let connection {
            if connection.isAlive, connection.masterGeneration == master.current { return connection }
            self.connection = nil
            return try open()
        }
        guard !backoff.isWaiting else { throw .backingOff }
        return try open()
    }

    private func open() throws(RedisError) -> RedisConnection {
        let startedAt = ContinuousClock.now
        let generation = master.current
        do {
            let opened = try RedisConnection.open(
                configuration.url,
                node: node,
                connectTimeout: configuration.connectTimeout,
                commandTimeout: configuration.commandTimeout
            )
            backoff.recordSuccess()
            opened.masterGeneration = generation
            connection = opened
            return opened
        } catch {
            backoff.recordFailure(ofAttemptStartedAt: startedAt)
            throw error
        }
    }
}
