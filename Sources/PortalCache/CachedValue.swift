import Foundation

/// A body as the cache served it, and how (for `Cache-Status` and `meta.stale`).
public struct CachedValue: Sendable, Equatable {
    public enum Status: Sendable, Equatable {
        /// Served from Redis; fresh for this much longer.
        case hit(freshFor: Duration)
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

    public init(body: Data, status: Status) {
        self.body = body
        self.status = status
    }
}
