import Foundation
import Synchronization

/// The invalidation connection of a tracking client, on a thread of its own: `CLIENT ID`, then
/// `SUBSCRIBE __redis__:invalidate`, then invalidation messages passed to the observer as they arrive, with
/// a PING every heartbeat whose PONG is reported as a fence. When the connection closes, fails or leaves a
/// PING unanswered past the PONG timeout, the observer hears `trackingStopped` first; then the listener
/// reconnects with backoff and starts a new generation. On a Sentinel-managed primary it also leaves a
/// master the sentinels no longer name (`MasterGeneration`), so the near cache is flushed and follows the
/// new master's invalidations.
final class InvalidationListener: @unchecked Sendable {
    static let channel = "__redis__:invalidate"

    private let configuration: RedisConfiguration
    private let tracking: TrackingConfiguration
    private let target: TrackingTarget
    private let master: MasterGeneration
    private let node: RedisEndpoint?
    private let isStopped = Atomic<Bool>(false)
    private var generation: UInt64 = 0

    private init(
        configuration: RedisConfiguration,
        node: RedisEndpoint?,
        tracking: TrackingConfiguration,
        target: TrackingTarget,
        master: MasterGeneration
    ) {
        self.configuration = configuration
        self.node = node
        self.tracking = tracking
        self.target = target
        self.master = master
    }

    /// Listens to `node` (a cluster master), or else to the server or master `configuration.url` names.
    static func start(
        configuration: RedisConfiguration,
        node: RedisEndpoint? = nil,
        tracking: TrackingConfiguration,
        target: TrackingTarget,
        master: MasterGeneration
    ) -> InvalidationListener {
        let listener = InvalidationListener(configuration: configuration, node: node, tracking: tracking, target: target, master: master)
        let thread = Thread { listener.run() }
        thread.name = "redis-invalidations"
        thread.start()
        return listener
    }

    /// Ends the thread within a heartbeat; the observer hears `trackingStopped`.
    func stop() {
        isStopped.store(true, ordering: .releasing)
    }

    private var stopped: Bool { isStopped.load(ordering: .acquiring) }

    private func run() {
        var backoff = ReconnectBackoff(initial: configuration.initialBackoff, maximum: configuration.maximumBackoff)
        while !stopped {
            let startedAt = ContinuousClock.now
            var subscribed = false
            do {
                try listen { subscribed = true }
            } catch {}
            target.set(nil)
            tracking.observer.trackingStopped()
            if subscribed { backoff.recordSuccess(now: startedAt) }
            backoff.recordFailure(ofAttemptStartedAt: startedAt, now: .now)
            while !stopped, backoff.isWaiting(now: .now) { Thread.sleep(forTimeInterval: 0.01) }
        }
    }

    /// One connection's life: returns when stopped, throws when the connection is lost.
    private func listen(onSubscribed: () -> Void) throws(RedisError) {
        let openedFor = master.current
        let connection = try RedisConnection.open(
            configuration.url,
            node: node,
            connectTimeout: configuration.connectTimeout,
            commandTimeout: configuration.commandTimeout
        )
        let setup = try connection.execute([RedisCommand("CLIENT", "ID"), RedisCommand("SUBSCRIBE", RedisArgument(Self.channel))])
        guard let clientId = setup[0].integer, case .array(let confirmation) = setup[1], confirmation.first?.string == "subscribe" else {
            throw .unexpectedReply("CLIENT ID and SUBSCRIBE answered \(setup)")
        }
        generation += 1
        target.set(.init(clientId: clientId, generation: generation))
        tracking.observer.trackingStarted(generation: generation)
        onSubscribed()
        var pingSentAt: ContinuousClock.Instant?
        var nextPingAt = ContinuousClock.now
        while !stopped {
            guard master.current == openedFor else { throw .connectionLost("the sentinels name another master") }
            let now = ContinuousClock.now
            if pingSentAt == nil, now >= nextPingAt {
                pingSentAt = now
                try connection.append([RedisCommand("PING")])
                try connection.flush()
            }
            let waitUntil: ContinuousClock.Instant
            if let sent = pingSentAt {
                guard now - sent < tracking.pongTimeout else { throw .connectionLost("no PONG within \(tracking.pongTimeout)") }
                waitUntil = min(sent + tracking.pongTimeout, now + tracking.heartbeat)
            } else {
                waitUntil = nextPingAt
            }
            for reply in try connection.replies(arrivingWithin: waitUntil - now) {
                switch Self.message(reply) {
                case .invalidated(let keys): tracking.observer.invalidate(keys: keys)
                case .flushed: tracking.observer.invalidateAll()
                case .pong:
                    guard let sent = pingSentAt else { throw .unexpectedReply("a PONG with no PING outstanding") }
                    tracking.observer.fenced(sentAt: sent)
                    pingSentAt = nil
                    nextPingAt = sent + tracking.heartbeat
                case .other: break
                }
            }
        }
    }

    enum Message: Equatable {
        case invalidated([[UInt8]])
        case flushed
        case pong
        case other
    }

    /// What a reply on the subscribed connection says: `message __redis__:invalidate [keys]` (a null
    /// payload for FLUSHALL / FLUSHDB) or `pong ""`.
    static func message(_ reply: RedisValue) -> Message {
        guard case .array(let parts) = reply, let kind = parts.first?.string else { return .other }
        switch kind {
        case "pong": return .pong
        case "message" where parts.count == 3 && parts[1].string == channel:
            switch parts[2] {
            case .array(let keys): return .invalidated(keys.compactMap(\.bytes))
            case .null: return .flushed
            default: return .other
            }
        default: return .other
        }
    }
}
