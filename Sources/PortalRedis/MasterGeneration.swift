import Synchronization

/// Which master a Sentinel-managed client's connections are for, shared by all of them: when one
/// connection finds its server demoted (`READONLY`), the generation moves on and every other connection,
/// opened for the old one, is replaced before its next use.
final class MasterGeneration: Sendable {
    private let value = Atomic<Int>(0)

    var current: Int { value.load(ordering: .acquiring) }

    /// Moves on from `seen`, unless another connection already did.
    func leave(_ seen: Int) {
        _ = value.compareExchange(expected: seen, desired: seen + 1, ordering: .acquiringAndReleasing)
    }
}
