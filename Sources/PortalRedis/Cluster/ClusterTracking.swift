import Synchronization

/// Client tracking on a cluster: one invalidation connection per master (tracking is per node, and a
/// connection's reads can only be redirected to a client of the same node), presented to the observer as
/// one. It is up while every master's connection is; its generation moves on whenever one of them is
/// replaced or the set of masters changes (a failover), which flushes the near cache; its fence is the
/// oldest of the masters' newest fences, so the freshness lease holds only while every node's does.
final class ClusterTracking: Sendable {
    private struct Node {
        let listener: InvalidationListener
        let own: TrackingTarget
        var clientId: Int64?
        var fence: ContinuousClock.Instant?
    }

    private struct State {
        var nodes: [RedisEndpoint: Node] = [:]
        var published: [RedisEndpoint: TrackingTarget] = [:]
        var generation: UInt64 = 0
        var isUp = false
        var isStopped = false
    }

    private let configuration: RedisConfiguration
    private let tracking: TrackingConfiguration
    private let state = Mutex(State())

    init(configuration: RedisConfiguration, tracking: TrackingConfiguration) {
        self.configuration = configuration
        self.tracking = tracking
    }

    /// What the data connections to `node` redirect their tracking to: the node's invalidation connection
    /// and the combined generation, while every master's connection is up.
    func target(for node: RedisEndpoint) -> TrackingTarget {
        state.withLock { state in
            if let target = state.published[node] { return target }
            let target = TrackingTarget()
            state.published[node] = target
            return target
        }
    }

    /// Listens to each of `masters` and stops listening to nodes no longer among them.
    func follow(masters: [RedisEndpoint]) {
        state.withLock { state in
            guard !state.isStopped else { return }
            var changed = false
            for (node, known) in state.nodes where !masters.contains(node) {
                known.listener.stop()
                state.nodes[node] = nil
                changed = true
            }
            for node in masters where state.nodes[node] == nil {
                let own = TrackingTarget()
                let observer = NodeObserver(node: node, cluster: self)
                let listener = InvalidationListener.start(
                    configuration: configuration,
                    node: node,
                    tracking: TrackingConfiguration(observer: observer, heartbeat: tracking.heartbeat, pongTimeout: tracking.pongTimeout),
                    target: own,
                    master: MasterGeneration()
                )
                state.nodes[node] = Node(listener: listener, own: own)
                changed = true
            }
            if changed { restart(&state) }
        }
    }

    func stop() {
        state.withLock { state in
            state.isStopped = true
            for node in state.nodes.values { node.listener.stop() }
            state.nodes.removeAll()
            if state.isUp { tracking.observer.trackingStopped() }
            state.isUp = false
        }
    }

    fileprivate func started(_ node: RedisEndpoint) {
        state.withLock { state in
            guard var known = state.nodes[node], let current = known.own.current else { return }
            known.clientId = current.clientId
            known.fence = nil
            state.nodes[node] = known
            restart(&state)
        }
    }

    fileprivate func stopped(_ node: RedisEndpoint) {
        state.withLock { state in
            guard var known = state.nodes[node] else { return }
            known.clientId = nil
            known.fence = nil
            state.nodes[node] = known
            restart(&state)
        }
    }

    fileprivate func fenced(_ node: RedisEndpoint, sentAt: ContinuousClock.Instant) {
        state.withLock { state in
            guard state.isUp, state.nodes[node] != nil else { return }
            state.nodes[node]?.fence = sentAt
            var oldest: ContinuousClock.Instant?
            for known in state.nodes.values {
                guard let fence = known.fence else { return }
                oldest = min(oldest ?? fence, fence)
            }
            if let oldest { tracking.observer.fenced(sentAt: oldest) }
        }
    }

    fileprivate func invalidate(keys: [[UInt8]]) { tracking.observer.invalidate(keys: keys) }
    fileprivate func invalidateAll() { tracking.observer.invalidateAll() }

    /// After a node's connection came or went: the observer starts a new generation when every master's
    /// connection is up, and hears `trackingStopped` otherwise.
    private func restart(_ state: inout State) {
        let allUp = !state.nodes.isEmpty && state.nodes.values.allSatisfy { $0.clientId != nil } && !state.isStopped
        for target in state.published.values { target.set(nil) }
        if state.isUp, !allUp { tracking.observer.trackingStopped() }
        state.isUp = allUp
        guard allUp else { return }
        state.generation += 1
        for (node, known) in state.nodes {
            guard let clientId = known.clientId else { continue }
            let target = state.published[node] ?? TrackingTarget()
            state.published[node] = target
            target.set(.init(clientId: clientId, generation: state.generation))
        }
        tracking.observer.trackingStarted(generation: state.generation)
    }
}

/// Hears one master's invalidation connection for `ClusterTracking`.
private final class NodeObserver: InvalidationObserver {
    let node: RedisEndpoint
    let cluster: ClusterTracking

    init(node: RedisEndpoint, cluster: ClusterTracking) {
        self.node = node
        self.cluster = cluster
    }

    func trackingStarted(generation: UInt64) { cluster.started(node) }
    func trackingStopped() { cluster.stopped(node) }
    func invalidate(keys: [[UInt8]]) { cluster.invalidate(keys: keys) }
    func invalidateAll() { cluster.invalidateAll() }
    func fenced(sentAt: ContinuousClock.Instant) { cluster.fenced(node, sentAt: sentAt) }
}
