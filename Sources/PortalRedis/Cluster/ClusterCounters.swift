import Synchronization

/// What a cluster client has met since it started, for metrics.
final class ClusterCounters: Sendable {
    let moved = Atomic<Int>(0)
    let ask = Atomic<Int>(0)
    let tryAgain = Atomic<Int>(0)
    /// `CROSSSLOT` replies: commands or scripts whose keys lie in several slots.
    let crossSlot = Atomic<Int>(0)
}
