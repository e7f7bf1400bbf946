import Foundation
import Synchronization

/// A cluster client's slot map, kept on a thread of its own: read at start, read again when the router
/// asks (after a redirection, or a node that could not be reached or said `CLUSTERDOWN`) and every
/// `refreshInterval`, from whichever known node answers `CLUSTER SLOTS` first (the masters of the last
/// map, their replicas, then the seed nodes of the URL).
final class ClusterTopology: @unchecked Sendable {
    static let refreshInterval = Duration.seconds(5)
    /// Requests closer together than this share one refresh.
    static let refreshGap = Duration.milliseconds(100)

    private let configuration: RedisConfiguration
    private let seeds: [RedisEndpoint]
    private let condition = NSCondition()
    private var map: ClusterSlotMap?
    private var isRequested = true
    private var isStopped = false
    private let refreshCount = Atomic<Int>(0)
    private let failedRefreshCount = Atomic<Int>(0)
    private let onChange: @Sendable (ClusterSlotMap) -> Void

    private init(configuration: RedisConfiguration, seeds: [RedisEndpoint], onChange: @escaping @Sendable (ClusterSlotMap) -> Void) {
        self.configuration = configuration
        self.seeds = seeds
        self.onChange = onChange
    }

    /// Reads the map on a new thread; `onChange` hears each map that differs from the one before, on it.
    static func start(
        configuration: RedisConfiguration,
        seeds: [RedisEndpoint],
        onChange: @escaping @Sendable (ClusterSlotMap) -> Void
    ) -> ClusterTopology {
        let topology = ClusterTopology(configuration: configuration, seeds: seeds, onChange: onChange)
        let thread = Thread { topology.run() }
        thread.name = "redis-cluster-map"
        thread.start()
        return topology
    }

    /// The map as last read (and corrected by `MOVED`s since).
    var current: ClusterSlotMap? {
        condition.lock()
        defer { condition.unlock() }
        return map
    }

    /// How many times the map was read, and how many reads found no node answering.
    var refreshes: Int { refreshCount.load(ordering: .relaxed) }
    var failedRefreshes: Int { failedRefreshCount.load(ordering: .relaxed) }

    /// The map, waiting up to `timeout` for the first one.
    func map(waitingUpTo timeout: Duration) async -> ClusterSlotMap? {
        let giveUpAt = ContinuousClock.now + timeout
        while true {
            if let map = current { return map }
            guard ContinuousClock.now < giveUpAt else { return nil }
            try? await Task.sleep(for: .milliseconds(5))
        }
    }

    func requestRefresh() {
        condition.lock()
        isRequested = true
        condition.signal()
        condition.unlock()
    }

    /// Records what a `MOVED` says at once, and has the whole map read again.
    func noteMoved(slot: Int, to endpoint: RedisEndpoint) {
        condition.lock()
        if let known = map, known.master(of: slot) != endpoint { map = known.moving(slot: slot, to: endpoint) }
        isRequested = true
        condition.signal()
        condition.unlock()
    }

    func stop() {
        condition.lock()
        isStopped = true
        condition.signal()
        condition.unlock()
    }

    private func run() {
        while true {
            condition.lock()
            let wakeAt = Date(timeIntervalSinceNow: Double(Self.refreshInterval.wholeMilliseconds) / 1000)
            while !isRequested, !isStopped, condition.wait(until: wakeAt) {}
            isRequested = false
            let stopped = isStopped
            let known = map
            condition.unlock()
            if stopped { return }
            if let fresh = read(known: known) {
                condition.lock()
                map = fresh
                condition.unlock()
                refreshCount.add(1, ordering: .relaxed)
                if fresh.masters != known?.masters { onChange(fresh) }
            } else {
                failedRefreshCount.add(1, ordering: .relaxed)
            }
            Thread.sleep(forTimeInterval: Double(Self.refreshGap.wholeMilliseconds) / 1000)
        }
    }

    private func read(known: ClusterSlotMap?) -> ClusterSlotMap? {
        var candidates: [RedisEndpoint] = []
        for node in (known?.masters ?? []) + (known?.shards.flatMap(\.replicas) ?? []) + seeds where !candidates.contains(node) {
            candidates.append(node)
        }
        for node in candidates {
            guard
                let connection = try? RedisConnection.open(
                    configuration.url,
                    node: node,
                    connectTimeout: configuration.connectTimeout,
                    commandTimeout: configuration.commandTimeout
                ),
                let reply = try? connection.execute([RedisCommand("CLUSTER", "SLOTS")])[0],
                let map = try? ClusterSlotMap(clusterSlots: reply, asked: node),
                map.coveredSlots > 0
            else { continue }
            return map
        }
        return nil
    }
}
