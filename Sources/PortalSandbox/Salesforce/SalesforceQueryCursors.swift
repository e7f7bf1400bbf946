import Synchronization

/// Query results larger than one batch, kept for `queryMore`: a query answers its first `batchSize` records
/// with `"done": false` and `nextRecordsUrl` `/services/data/vNN.0/query/<queryId>-<offset>`, and each
/// locator answers the next batch. The latest `capacity` cursors are kept.
final class SalesforceQueryCursors: Sendable {
    private struct Cursor {
        let records: [JSONValue]
        let batchSize: Int
    }

    static let capacity = 200
    private let state: Mutex<(cursors: [String: Cursor], order: [String], batchSize: Int)> = Mutex(([:], [], 2000))

    /// Records per page (Salesforce's default 2000); at least 1.
    var batchSize: Int {
        get { state.withLock { $0.batchSize } }
        set { state.withLock { $0.batchSize = max(1, newValue) } }
    }

    /// The first page of a query's records.
    func firstPage(_ records: [JSONValue], version: String) -> JSONValue {
        let batchSize = self.batchSize
        guard records.count > batchSize else { return page(records, from: 0, batchSize: batchSize, queryId: "", version: version) }
        let alphanumerics = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
        let queryId = "01gSB" + String((0..<13).map { _ in alphanumerics.randomElement()! })
        state.withLock { state in
            state.cursors[queryId] = Cursor(records: records, batchSize: batchSize)
            state.order.append(queryId)
            if state.order.count > Self.capacity { state.cursors[state.order.removeFirst()] = nil }
        }
        return page(records, from: 0, batchSize: batchSize, queryId: queryId, version: version)
    }

    /// The page a `nextRecordsUrl` locator names.
    func page(locator: String, version: String) throws(SalesforceFailure) -> JSONValue {
        let parts = locator.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, let offset = Int(parts[1]),
            let cursor = state.withLock({ $0.cursors[String(parts[0])] }), offset > 0, offset < cursor.records.count
        else { throw SalesforceFailure("INVALID_QUERY_LOCATOR", "invalid query locator") }
        return page(cursor.records, from: offset, batchSize: cursor.batchSize, queryId: String(parts[0]), version: version)
    }

    private func page(_ records: [JSONValue], from offset: Int, batchSize: Int, queryId: String, version: String) -> JSONValue {
        let end = min(records.count, offset + batchSize)
        var fields: [(String, JSONValue)] = [("totalSize", .int(records.count)), ("done", .bool(end == records.count))]
        if end < records.count { fields.append(("nextRecordsUrl", .string("/services/data/\(version)/query/\(queryId)-\(end)"))) }
        fields.append(("records", .array(Array(records[offset..<end]))))
        return .object(fields)
    }
}
