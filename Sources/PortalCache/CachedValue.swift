import Foundation

/// A body as the cache served it, and how (for `Cache-Status` and `meta.stale`).
public struct CachedValue: Sendable, Equatable {
    /// Which cache held a hit.
    public enum Source: Sendable, Equatable {
        /// This process's near cache.
        case memory
        case redis
    }

    public enum Status: Sendable, Equatable {
        /// Served from the cache; fresh for this much longer.
        case hit(freshFor: Duration, from: Source)
        /// Loaded from the source; `stored` is false when it could not be cached (Redis trouble, or an
        /// invalidation arrived while it loaded).
        case miss(stored: Bool)
        /// The source failed or was too slow, so a copy past its fresh time was served.
        case stale
        /// Redis was unavailable; loaded straight from the source.
        case bypass
    }

    public let body: Data
    public let status: Status
    /// The body's `ETag` when it is known without hashing it again (it was stored with it).
    public let entityTag: String?

    public init(body: Data, status: Status, entityTag: String? = nil) {
        self.body = body
        self.status = status
        self.entityTag = entityTag
    }
}
