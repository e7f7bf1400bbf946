import Synchronization

/// The invalidation connection data connections redirect their tracking to: its client id and
/// generation, or none while it is down. Set by the listener, read by every connection worker.
final class TrackingTarget: Sendable {
    struct Current: Equatable {
        let clientId: Int64
        let generation: UInt64
    }

    private let state = Mutex<Current?>(nil)

    var current: Current? { state.withLock { $0 } }

    func set(_ current: Current?) { state.withLock { $0 = current } }
}
