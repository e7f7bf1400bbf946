import Foundation

/// Replay ids as the simulator writes them: a counter per topic, starting at 1, as 8 bytes big-endian (what
/// Salesforce's look like today; clients must treat them as opaque).
enum PubSubReplayId {
    static func bytes(_ counter: UInt64) -> Data {
        Data((0..<8).reversed().map { UInt8(truncatingIfNeeded: counter >> ($0 * 8)) })
    }

    /// The counter of an 8-byte id; nil for any other length.
    static func counter(_ bytes: Data) -> UInt64? {
        guard bytes.count == 8 else { return nil }
        return bytes.reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
    }
}
