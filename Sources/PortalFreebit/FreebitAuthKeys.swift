/// The current Freebit auth key, fetched once and shared; concurrent callers wait for one refresh.
actor FreebitAuthKeys {
    private var current: String?
    private var refreshing: Task<String, any Error>?

    /// The current key, fetching one with `authenticate` when there is none.
    func key(_ authenticate: @escaping @Sendable () async throws -> String) async throws -> String {
        if let current { return current }
        if let refreshing { return try await refreshing.value }
        let task = Task { try await authenticate() }
        refreshing = task
        defer { refreshing = nil }
        let key = try await task.value
        current = key
        return key
    }

    /// Forgets `key` if it is still the current one (Freebit refused it).
    func invalidate(_ key: String) {
        if current == key { current = nil }
    }
}
