import Crypto
import Foundation

/// A cached body with the instants it stops being fresh and stops being servable (milliseconds since
/// 1970), and its entity tag, computed once when the body is stored. In Redis it is stored as a version
/// byte, two big-endian timestamps, the tag's 16-byte digest, then the body bytes as served.
public struct CacheEntry: Equatable, Sendable {
    static let version: UInt8 = 2
    static let headerSize = 17 + EntityTag.digestSize

    public let body: Data
    public let freshUntil: Int64
    public let staleUntil: Int64
    /// The body's `ETag` (`EntityTag.of(body)`).
    public let entityTag: String
    private let digest: [UInt8]

    public init(body: Data, freshUntil: Int64, staleUntil: Int64) {
        self.body = body
        self.freshUntil = freshUntil
        self.staleUntil = staleUntil
        digest = Array(SHA256.hash(data: body).prefix(EntityTag.digestSize))
        entityTag = EntityTag.quoted(digest)
    }

    /// Nil for bytes that are not an entry of this version (an older deployment's, or garbage): a miss.
    init?(stored: [UInt8]) {
        guard stored.count >= Self.headerSize, stored[0] == Self.version else { return nil }
        func int64(at offset: Int) -> Int64 {
            stored[offset..<(offset + 8)].reduce(Int64(0)) { $0 << 8 | Int64($1) }
        }
        freshUntil = int64(at: 1)
        staleUntil = int64(at: 9)
        digest = Array(stored[17..<Self.headerSize])
        entityTag = EntityTag.quoted(digest)
        body = Data(stored[Self.headerSize...])
    }

    var stored: [UInt8] {
        var bytes: [UInt8] = [Self.version]
        bytes.reserveCapacity(Self.headerSize + body.count)
        for value in [freshUntil, staleUntil] {
            for shift in stride(from: 56, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: value >> Int64(shift))) }
        }
        bytes.append(contentsOf: digest)
        bytes.append(contentsOf: body)
        return bytes
    }
}
