extension Providers.Salesforce {
    /// Reads a query result's page: `records`, `totalSize`, and `nextRecordsUrl` while `done` is false.
    static func records<Record>(
        _ raw: RawJSON,
        path: FieldPath = .root,
        map: (ObjectReader) throws(MappingError) -> Record
    ) throws(MappingError) -> SalesforceRecords<Record> {
        let root = try ObjectReader(raw, path: path)
        return try records(root, map: map)
    }

    static func records<Record>(
        _ root: ObjectReader,
        map: (ObjectReader) throws(MappingError) -> Record
    ) throws(MappingError) -> SalesforceRecords<Record> {
        guard root.fields["records"] != nil else { throw root.failure("records", .missing, "a query result has records") }
        var records: [Record] = []
        for row in try root.list("records") { records.append(try map(row)) }
        let totalSize = try root.optionalInt("totalSize") ?? records.count
        let done = try root.optionalBool("done") ?? true
        var nextPath: String?
        if !done {
            guard let next = try root.trimmedText("nextRecordsUrl") else {
                throw root.failure("nextRecordsUrl", .missing, "an unfinished query names its next page")
            }
            guard next.hasPrefix("/services/data/"), !next.contains("..") else {
                throw root.failure("nextRecordsUrl", .invalidValue, "the next page must be a path under /services/data/")
            }
            nextPath = next
        }
        return SalesforceRecords(records: records, totalSize: totalSize, nextRecordsPath: nextPath)
    }

    /// Where the next page of a query result is (a path under `/services/data/`), or nil when it is the last.
    public static func nextRecordsPath(in raw: RawJSON) throws(MappingError) -> String? {
        try records(raw) { _ throws(MappingError) in true }.nextRecordsPath
    }

    static func currency(_ row: ObjectReader, context: SalesforceMappingContext) throws(MappingError) -> CurrencyCode {
        try row.currency("CurrencyIsoCode") ?? context.defaultCurrency
    }
}

extension Providers.Salesforce {
    /// The `Id` of the one record a query found (`SELECT Id … LIMIT 1`), nil when it found none.
    public static func recordId(in raw: RawJSON) throws(MappingError) -> SalesforceId? {
        try records(raw) { row throws(MappingError) in try row.salesforceId("Id") }.records.first
    }
}
