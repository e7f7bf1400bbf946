extension Providers.Salesforce {
    /// The error Salesforce answered with, or nil when the payload is not an error.
    ///
    /// REST errors are an array `[{"errorCode", "message", "fields"}]` (the first is reported); OAuth errors
    /// are `{"error", "error_description"}`.
    public static func failure(in raw: RawJSON) throws(MappingError) -> SalesforceAPIError? {
        switch raw {
        case .array(let elements):
            guard let first = elements.first else { return nil }
            let row = try ObjectReader(first, path: FieldPath.root.appending(index: 0))
            var fields: [String] = []
            if case .array(let names)? = row.present("fields") {
                for case .string(let name) in names { fields.append(name) }
            }
            return SalesforceAPIError(errorCode: try row.text("errorCode"), message: try row.optionalText("message") ?? "", fields: fields)
        case .object:
            let root = try ObjectReader(raw)
            guard let code = try root.optionalText("error") else { return nil }
            return SalesforceAPIError(errorCode: code, message: try root.optionalText("error_description") ?? "", fields: [])
        default:
            throw MappingError(path: "$", reason: .wrongType, detail: "expected an object or an error array, found \(raw.typeName)")
        }
    }
}
