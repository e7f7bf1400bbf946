/// Avro schemas by schema id, each fetched once: an id names one immutable schema, and concurrent asks
/// for the same id share one `GetSchema` call.
actor PubSubSchemaCache {
    private var schemas: [String: String] = [:]
    private var pending: [String: Task<String, any Error>] = [:]

    func schema(id: String, fetch: @escaping @Sendable (String) async throws -> String) async throws -> String {
        if let known = schemas[id] { return known }
        if let running = pending[id] { return try await running.value }
        let task = Task { try await fetch(id) }
        pending[id] = task
        defer { pending[id] = nil }
        let schema = try await task.value
        schemas[id] = schema
        return schema
    }
}
