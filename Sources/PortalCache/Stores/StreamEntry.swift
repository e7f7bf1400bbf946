import Foundation
import PortalRedis

/// One entry of a Redis Stream as `XRANGE`/`XREVRANGE` answer it: its id and its fields.
struct StreamEntry: Sendable {
    let id: String
    let fields: [String: String]

    /// When the entry was added: the milliseconds its id starts with.
    var time: Date? { Self.time(ofId: id) }

    /// The time its `at` field holds (seconds since 1970), else when it was added.
    var recordedAt: Date? { fields["at"].flatMap { Double($0) }.map { Date(timeIntervalSince1970: $0) } ?? time }

    static func time(ofId id: String) -> Date? {
        id.split(separator: "-").first.flatMap { Int64($0) }.map { Date(timeIntervalSince1970: Double($0) / 1000) }
    }

    /// The entries of a range reply; malformed ones are left out.
    static func entries(of reply: RedisValue) -> [StreamEntry] {
        guard case .array(let entries) = reply else { return [] }
        return entries.compactMap { entry in
            guard case .array(let pair) = entry, pair.count == 2, let id = pair[0].string, case .array(let flat) = pair[1] else { return nil }
            return StreamEntry(id: id, fields: ProvisioningQueue.fields(flat))
        }
    }

    /// The newest `limit` entries of `stream`, newest first.
    static func newest(_ limit: Int, of stream: String, redis: RedisClient) async throws(RedisError) -> [StreamEntry] {
        entries(of: try await redis.send(RedisCommand("XREVRANGE", RedisArgument(stream), "+", "-", "COUNT", RedisArgument(limit))))
    }

    /// The entries of `stream` whose `field` is `value`, newest first, among its newest `scanned` entries.
    static func matching(
        _ field: String,
        _ value: String,
        in stream: String,
        scanning scanned: Int = 10_000,
        redis: RedisClient
    ) async throws(RedisError) -> [StreamEntry] {
        var found: [StreamEntry] = []
        var end = "+"
        var seen = 0
        while seen < scanned {
            let page = entries(
                of: try await redis.send(RedisCommand("XREVRANGE", RedisArgument(stream), RedisArgument(end), "-", "COUNT", "500"))
            )
            found += page.filter { $0.fields[field] == value }
            seen += page.count
            guard page.count == 500, let last = page.last else { break }
            end = "(" + last.id
        }
        return found
    }
}
