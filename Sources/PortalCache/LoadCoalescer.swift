import Synchronization

/// Makes concurrent misses of one key share one load: the first caller starts it, later callers wait for
/// its result. An invalidation forgets the group's loads in flight, so callers after it start afresh.
final class LoadCoalescer: Sendable {
    private let inFlight = Mutex<[CacheKey: Task<CachedValue, any Error>]>([:])

    /// Runs `load` for `key`, or joins the load already running (calling `onJoin`).
    func run(
        _ key: CacheKey,
        onJoin: () -> Void,
        load: @escaping @Sendable () async throws -> CachedValue
    ) async throws -> CachedValue {
        let (task, isLeader) = inFlight.withLock { table in
            if let running = table[key] { return (running, false) }
            let task = Task { try await load() }
            table[key] = task
            return (task, true)
        }
        if !isLeader { onJoin() }
        defer {
            if isLeader { inFlight.withLock { table in if table[key] == task { table[key] = nil } } }
        }
        return try await task.value
    }

    func forget(_ groups: Set<CacheGroup>) {
        inFlight.withLock { table in table = table.filter { !groups.contains($0.key.group) } }
    }
}
