/// The near cache's entries, bounded in bytes: indexed by Redis key (what an invalidation names) and
/// field, evicted by the CLOCK algorithm (an approximation of least recently used: a hit only sets a bit,
/// so it costs no list surgery under the lock).
struct NearCacheEntries {
    /// What an entry is counted as beyond its body, key and field: the slot, the index and the tag.
    static let overheadBytes = 160

    private struct Slot {
        let redisKey: String
        let field: String
        let entry: CacheEntry
        let size: Int
        var referenced: Bool
    }

    let maximumBytes: Int
    private(set) var bytes = 0
    private(set) var count = 0
    private var slots: [Slot?] = []
    private var freeSlots: [Int] = []
    private var hand = 0
    private var index: [String: [String: Int]] = [:]

    init(maximumBytes: Int) {
        self.maximumBytes = maximumBytes
    }

    static func size(redisKey: String, field: String, entry: CacheEntry) -> Int {
        entry.body.count + redisKey.utf8.count + field.utf8.count + overheadBytes
    }

    mutating func entry(redisKey: String, field: String) -> CacheEntry? {
        guard let slot = index[redisKey]?[field] else { return nil }
        slots[slot]?.referenced = true
        return slots[slot]?.entry
    }

    /// Stores the entry (replacing the field's), evicting others until the bound holds; false when the
    /// entry alone exceeds the bound.
    @discardableResult
    mutating func insert(_ entry: CacheEntry, redisKey: String, field: String) -> Bool {
        let size = Self.size(redisKey: redisKey, field: field, entry: entry)
        guard size <= maximumBytes else { return false }
        remove(redisKey: redisKey, field: field)
        while bytes + size > maximumBytes { evictOne() }
        let slot = Slot(redisKey: redisKey, field: field, entry: entry, size: size, referenced: false)
        let position: Int
        if let free = freeSlots.popLast() {
            slots[free] = slot
            position = free
        } else {
            slots.append(slot)
            position = slots.count - 1
        }
        index[redisKey, default: [:]][field] = position
        bytes += size
        count += 1
        return true
    }

    mutating func remove(redisKey: String, field: String) {
        guard let position = index[redisKey]?[field] else { return }
        free(position)
    }

    /// Drops every field of the Redis key; the number dropped.
    @discardableResult
    mutating func remove(redisKey: String) -> Int {
        guard let fields = index[redisKey] else { return 0 }
        for position in fields.values { free(position) }
        return fields.count
    }

    mutating func removeAll() {
        slots.removeAll()
        freeSlots.removeAll()
        index.removeAll()
        hand = 0
        bytes = 0
        count = 0
    }

    private mutating func evictOne() {
        while true {
            if hand >= slots.count { hand = 0 }
            if let slot = slots[hand] {
                if !slot.referenced {
                    free(hand)
                    return
                }
                slots[hand]?.referenced = false
            }
            hand += 1
        }
    }

    private mutating func free(_ position: Int) {
        guard let slot = slots[position] else { return }
        slots[position] = nil
        freeSlots.append(position)
        index[slot.redisKey]?[slot.field] = nil
        if index[slot.redisKey]?.isEmpty == true { index[slot.redisKey] = nil }
        bytes -= slot.size
        count -= 1
    }
}
