import Synchronization

/// Which master a Sentinel-managed client's connections are for, shared by all of them: when one
/// connection finds its server demoted (`READONLY`), or the sentinels name another master, the generation
/// moves on and every other connection, opened for the old one, is replaced before its next use.
final class MasterGeneration: Sendable {
    private let value = Atomic<Int>(0)
    private let named = Mutex<RedisEndpoint?>(nil)

    var current: Int { value.load(ordering: .acquiring) }

    /// The master the sentinels named when last asked.
    var lastNamed: RedisEndpoint? { named.withLock { $0 } }

    /// Moves on from `seen`, unless another connection already did.
    func leave(_ seen: Int) {
        _ = value.compareExchange(expected: seen, desired: seen + 1, ordering: .acquiringAndReleasing)
    }

    /// Records the sentinels' answer; true when it names another master than the last one.
    func named(_ endpoint: RedisEndpoint) -> Bool {
        named.withLock { last in
            defer { last = endpoint }
            return last != nil && last != endpoint
        }
    }
}
