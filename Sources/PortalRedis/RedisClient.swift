/// An async Redis client over hiredis: a fixed set of connections, each driven by its own thread, that
/// pipeline whatever commands concurrent tasks have queued; binary-safe commands; short timeouts; and
/// reconnection with backoff, failing fast meanwhile. On a Redis Cluster it keeps such a set per master
/// and routes each command by its slot (`ClusterRouter`). Every failure is a `RedisError`.
public final class RedisClient: Sendable {
    public let configuration: RedisConfiguration
    private let route: Route
    private let listener: InvalidationListener?
    private let watcher: SentinelWatcher?
    private let master: MasterGeneration

    private enum Route: Sendable {
        case server(NodePool)
        case cluster(ClusterRouter)
    }

    /// With `tracking`, the client keeps an invalidation connection (`InvalidationListener`; one per master
    /// on a cluster) that tells `tracking.observer` which keys read by `trackedRead` changed.
    public init(configuration: RedisConfiguration, tracking: TrackingConfiguration? = nil) {
        self.configuration = configuration
        let master = MasterGeneration()
        self.master = master
        switch configuration.url.topology {
        case .cluster(let seeds):
            route = .cluster(ClusterRouter(configuration: configuration, seeds: seeds, tracking: tracking))
            listener = nil
            watcher = nil
        case .standalone, .sentinel:
            let target = tracking.map { _ in TrackingTarget() }
            listener = tracking.flatMap { tracking in
                target.map { InvalidationListener.start(configuration: configuration, tracking: tracking, target: $0, master: master) }
            }
            watcher = SentinelWatcher.start(configuration: configuration, master: master)
            route = .server(NodePool(configuration: configuration, node: nil, tracking: target, master: master, name: "redis"))
        }
    }

    deinit {
        stop()
    }

    /// Where the client sends, for readiness: the server; the master the sentinels last named and how many
    /// times the client has moved to another one; or the cluster's masters and the slots each serves.
    public var topologyDescription: String {
        switch (configuration.url.topology, route) {
        case (.sentinel(let name, let sentinels), _):
            let named = master.lastNamed.map { "at \($0)" } ?? "not yet named"
            return "sentinel master \(name) \(named) (\(sentinels.count) sentinels; \(masterSwitches) switches since start)"
        case (_, .cluster(let router)):
            guard let map = router.topology.current else { return "cluster: no slot map yet" }
            let missing = HashSlot.count - map.coveredSlots
            return "cluster of \(map.masters.count) masters: \(map.description)" + (missing > 0 ? "; \(missing) slots without a master" : "")
        default:
            return "standalone \(configuration.url.host):\(configuration.url.port)"
        }
    }

    /// How many times the connections moved to another master since the client started (0 for one server).
    public var masterSwitches: Int { master.current }

    /// What the client has met on its way to the data since it started, for metrics.
    public var statistics: RedisStatistics {
        guard case .cluster(let router) = route else { return RedisStatistics(masterSwitches: masterSwitches) }
        return RedisStatistics(
            masterSwitches: masterSwitches,
            movedRedirections: router.counters.moved.load(ordering: .relaxed),
            askRedirections: router.counters.ask.load(ordering: .relaxed),
            tryAgainReplies: router.counters.tryAgain.load(ordering: .relaxed),
            crossSlotReplies: router.counters.crossSlot.load(ordering: .relaxed),
            slotMapRefreshes: router.topology.refreshes,
            failedSlotMapRefreshes: router.topology.failedRefreshes
        )
    }

    /// Sends one command. An error reply throws `RedisError.server`.
    @discardableResult
    public func send(_ command: RedisCommand) async throws(RedisError) -> RedisValue {
        let reply = try await pipeline([command])[0]
        if case .error(let message) = reply { throw .server(reply: message) }
        return reply
    }

    /// Sends a write and, on a Sentinel-managed primary or a cluster, waits until a replica has it (`WAIT 1`,
    /// on the same connection, for half the command timeout): for the writes whose loss on a failover would
    /// drop a job, let a retry do something twice, or bring back data a webhook said was gone. Throws
    /// `notReplicated` when no replica acknowledged in time (the master has applied the write all the
    /// same), also when the master has no replica at all: a master cut off from the others after a
    /// failover keeps accepting writes it will lose when it rejoins as a replica, and only an
    /// acknowledgement tells that case apart. One server (`redis://`) has no replica to wait for: the write
    /// is sent as `send` does.
    @discardableResult
    public func sendReplicated(_ command: RedisCommand) async throws(RedisError) -> RedisValue {
        let reply = try await pipelineReplicated([command])[0]
        if case .error(let message) = reply { throw .server(reply: message) }
        return reply
    }

    /// `pipeline`, then `WAIT 1` as `sendReplicated` says (on a cluster, on each master the pipeline
    /// reached); error replies are returned in place.
    public func pipelineReplicated(_ commands: [RedisCommand]) async throws(RedisError) -> [RedisValue] {
        guard !commands.isEmpty else { return [] }
        switch (configuration.url.topology, route) {
        case (_, .cluster(let router)):
            return try await router.run(commands, tracked: false, replicated: true).values
        case (.sentinel, .server(let pool)):
            var replies = try await pool.run(commands + [Self.waitForOneReplica(configuration)], tracked: false).values
            guard let acknowledged = replies.removeLast().integer, acknowledged >= 1 else { throw .notReplicated }
            return replies
        default:
            return try await pipeline(commands)
        }
    }

    /// Sends the commands back to back in one round trip (on a cluster, one per master they reach, at
    /// once); error replies are returned in place.
    public func pipeline(_ commands: [RedisCommand]) async throws(RedisError) -> [RedisValue] {
        guard !commands.isEmpty else { return [] }
        return try await run(commands, tracked: false).values
    }

    /// Sends one read command with its keys tracked (`CLIENT CACHING yes` first, on a connection whose
    /// tracking redirects to the invalidation connection), so that the observer hears when they change.
    /// An error reply throws `RedisError.server`.
    public func trackedRead(_ command: RedisCommand) async throws(RedisError) -> TrackedReply {
        let replies = try await run([command], tracked: true)
        if case .error(let message) = replies.values[0] { throw .server(reply: message) }
        return TrackedReply(value: replies.values[0], generation: replies.trackingGeneration)
    }

    /// Sends a server-wide command (`PING`, `FLUSHDB`, `SCRIPT FLUSH`…) to the server, or to every master of
    /// a cluster (throwing `clusterDown` while some slot has none); the replies, one per server.
    public func sendToEveryMaster(_ command: RedisCommand) async throws(RedisError) -> [RedisValue] {
        let replies: [RedisValue]
        switch route {
        case .server(let pool): replies = try await pool.run([command], tracked: false).values
        case .cluster(let router): replies = try await router.runOnEveryMaster(command)
        }
        for case .error(let message) in replies { throw .server(reply: message) }
        return replies
    }

    /// `WAIT 1` for half the command timeout.
    static func waitForOneReplica(_ configuration: RedisConfiguration) -> RedisCommand {
        RedisCommand("WAIT", "1", RedisArgument(max(1, configuration.commandTimeout.wholeMilliseconds / 2)))
    }

    private func run(_ commands: [RedisCommand], tracked: Bool) async throws(RedisError) -> CommandQueue.Replies {
        switch route {
        case .server(let pool): try await pool.run(commands, tracked: tracked && listener != nil)
        case .cluster(let router): try await router.run(commands, tracked: tracked, replicated: false)
        }
    }

    /// Fails what is waiting, stops the connection threads and closes their connections, and the
    /// invalidation connections.
    public func shutdown() async {
        stop()
    }

    private func stop() {
        switch route {
        case .server(let pool): pool.shutdown()
        case .cluster(let router): router.shutdown()
        }
        listener?.stop()
        watcher?.stop()
    }
}

/// Counts of a client's topology events since it started; zero where the topology has none of them.
public struct RedisStatistics: Sendable, Equatable {
    public var masterSwitches = 0
    public var movedRedirections = 0
    public var askRedirections = 0
    public var tryAgainReplies = 0
    public var crossSlotReplies = 0
    public var slotMapRefreshes = 0
    public var failedSlotMapRefreshes = 0
}
