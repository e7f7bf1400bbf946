/// An async Redis client over hiredis: a fixed set of connections, each driven by its own thread, that
/// pipeline whatever commands concurrent tasks have queued; binary-safe commands; short timeouts; and
/// reconnection with backoff, failing fast meanwhile. Every failure is a `RedisError`.
public final class RedisClient: Sendable {
    public let configuration: RedisConfiguration
    private let queue = CommandQueue()
    private let backoff: SharedBackoff
    private let listener: InvalidationListener?
    private let watcher: SentinelWatcher?
    private let master: MasterGeneration

    /// With `tracking`, the client keeps an invalidation connection (`InvalidationListener`) that tells
    /// `tracking.observer` which keys read by `trackedRead` changed.
    public init(configuration: RedisConfiguration, tracking: TrackingConfiguration? = nil) {
        self.configuration = configuration
        let backoff = SharedBackoff(initial: configuration.initialBackoff, maximum: configuration.maximumBackoff)
        self.backoff = backoff
        let master = MasterGeneration()
        self.master = master
        let target = tracking.map { _ in TrackingTarget() }
        listener = tracking.flatMap { tracking in
            target.map { InvalidationListener.start(configuration: configuration, tracking: tracking, target: $0, master: master) }
        }
        watcher = SentinelWatcher.start(configuration: configuration, master: master)
        for index in 0..<configuration.poolSize {
            ConnectionWorker.start(
                configuration: configuration,
                queue: queue,
                backoff: backoff,
                tracking: target,
                master: master,
                name: "redis-\(index)"
            )
        }
    }

    deinit {
        queue.shutdown()
        listener?.stop()
        watcher?.stop()
    }

    /// Where the client sends, for readiness: the server, or the master the sentinels last named and how
    /// many times the client has moved to another one.
    public var topologyDescription: String {
        switch configuration.url.topology {
        case .standalone(let endpoint):
            return "standalone \(endpoint)"
        case .sentinel(let name, let sentinels):
            let named = master.lastNamed.map { "at \($0)" } ?? "not yet named"
            return "sentinel master \(name) \(named) (\(sentinels.count) sentinels; \(masterSwitches) switches since start)"
        }
    }

    /// How many times the connections moved to another master since the client started (0 for one server).
    public var masterSwitches: Int { master.current }

    /// Sends one command. An error reply throws `RedisError.server`.
    @discardableResult
    public func send(_ command: RedisCommand) async throws(RedisError) -> RedisValue {
        let reply = try await pipeline([command])[0]
        if case .error(let message) = reply { throw .server(reply: message) }
        return reply
    }

    /// Sends a write and, on a Sentinel-managed primary, waits until a replica has it (`WAIT 1`, on the same
    /// connection, for half the command timeout): for the writes whose loss on a failover would drop a
    /// job, let a retry do something twice, or bring back data a webhook said was gone. Throws
    /// `notReplicated` when no replica acknowledged in time (the master has applied it all the same). One
    /// server (`redis://`) has no replica to wait for: the write is sent as `send` does.
    @discardableResult
    public func sendReplicated(_ command: RedisCommand) async throws(RedisError) -> RedisValue {
        let reply = try await pipelineReplicated([command])[0]
        if case .error(let message) = reply { throw .server(reply: message) }
        return reply
    }

    /// `pipeline`, then on a Sentinel-managed primary `WAIT 1` as `sendReplicated` says; error replies are
    /// returned in place.
    public func pipelineReplicated(_ commands: [RedisCommand]) async throws(RedisError) -> [RedisValue] {
        guard case .sentinel = configuration.url.topology, !commands.isEmpty else { return try await pipeline(commands) }
        let wait = max(1, configuration.commandTimeout.wholeMilliseconds / 2)
        var replies = try await pipeline(commands + [RedisCommand("WAIT", "1", RedisArgument(wait))])
        guard let acknowledged = replies.removeLast().integer, acknowledged >= 1 else { throw .notReplicated }
        return replies
    }

    /// Sends the commands back to back on one connection in one round trip; error replies are returned in
    /// place.
    public func pipeline(_ commands: [RedisCommand]) async throws(RedisError) -> [RedisValue] {
        guard !commands.isEmpty else { return [] }
        return try await run(commands, tracked: false).values
    }

    /// Sends one read command with its keys tracked (`CLIENT CACHING yes` first, on a connection whose
    /// tracking redirects to the invalidation connection), so that the observer hears when they change.
    /// An error reply throws `RedisError.server`.
    public func trackedRead(_ command: RedisCommand) async throws(RedisError) -> TrackedReply {
        let replies = try await run([command], tracked: listener != nil)
        if case .error(let message) = replies.values[0] { throw .server(reply: message) }
        return TrackedReply(value: replies.values[0], generation: replies.trackingGeneration)
    }

    private func run(_ commands: [RedisCommand], tracked: Bool) async throws(RedisError) -> CommandQueue.Replies {
        guard !backoff.isWaiting else { throw .backingOff }
        let deadline = ContinuousClock.now + configuration.acquireTimeout
        let result = await withCheckedContinuation { continuation in
            queue.enqueue(CommandQueue.Unit(commands: commands, isTracked: tracked, deadline: deadline, continuation: continuation))
        }
        return try result.get()
    }

    /// Fails what is waiting, stops the connection threads and closes their connections, and the
    /// invalidation connection.
    public func shutdown() async {
        queue.shutdown()
        listener?.stop()
        watcher?.stop()
    }
}
