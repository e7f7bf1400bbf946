extension Providers.Salesforce {
    /// The id of a record `POST /sobjects/X/` created: `{"id": "...", "success": true, "errors": []}`.
    public static func createdId(from raw: RawJSON) throws(MappingError) -> SalesforceId {
        try ObjectReader(raw, path: .root).salesforceId("id")
    }

    /// The ids of the records an sObject Tree request created, by reference id:
    /// `{"hasErrors": false, "results": [{"referenceId": "order", "id": "..."}]}`. An answer with errors is
    /// not a success and maps to nothing.
    public static func treeIds(from raw: RawJSON) throws(MappingError) -> [String: SalesforceId] {
        let root = try ObjectReader(raw, path: .root)
        guard try root.optionalBool("hasErrors") == false else {
            throw root.failure("hasErrors", .invalidValue, "a successful tree answer has hasErrors false")
        }
        var ids: [String: SalesforceId] = [:]
        for result in try root.list("results") {
            guard let reference = try result.trimmedText("referenceId") else {
                throw result.failure("referenceId", .missing, "each tree result names its reference id")
            }
            ids[reference] = try result.salesforceId("id")
        }
        return ids
    }
}
