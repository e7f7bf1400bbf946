/// A set of cached entries invalidated together, e.g. all invoice pages of one WHMCS client.
///
/// `tag` names the customer and becomes the Redis Cluster hash tag, so every key of one customer lands in
/// one slot: group `invoices` of tag `whmcs:brand-a:42` lives at `pb:{whmcs:brand-a:42}:invoices`.
public struct CacheGroup: Hashable, Sendable, CustomStringConvertible {
    public let tag: String
    public let name: String

    /// Nil when `tag` or `name` is empty or holds braces, white space or control characters.
    public init?(tag: String, name: String) {
        func isClean(_ text: String) -> Bool {
            !text.isEmpty && text.unicodeScalars.allSatisfy { $0.value > 0x20 && $0.value != 0x7F && $0 != "{" && $0 != "}" }
        }
        guard isClean(tag), isClean(name) else { return nil }
        self.tag = tag
        self.name = name
    }

    /// The Redis hash holding the group's entries, one field per key.
    public var entriesKey: String { "pb:{\(tag)}:\(name)" }
    /// The sorted set of the group's fields by stale limit, which bounds and expires them.
    public var expiriesKey: String { "pb:{\(tag)}:\(name):expiries" }
    /// The counter bumped by every invalidation; a load stores its result only if it has not moved.
    public var epochKey: String { "pb:{\(tag)}:\(name):epoch" }

    public var description: String { entriesKey }
}

/// One cached entry: a field of its group, e.g. `page=2&pageSize=25&status=unpaid`.
public struct CacheKey: Hashable, Sendable, CustomStringConvertible {
    public let group: CacheGroup
    public let field: String

    public init(group: CacheGroup, field: String) {
        self.group = group
        self.field = field
    }

    public var description: String { "\(group.entriesKey)#\(field)" }
}
