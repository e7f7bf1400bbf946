import HTTPTypes

extension HTTPFields {
    /// The fields by name, as `URLSessionTransport` reports them: a repeated field's values joined with
    /// `, ` (RFC 9110 5.3).
    public var flattenedByName: [String: String] {
        var flat: [String: String] = [:]
        for field in self {
            flat[field.name.canonicalName] = flat[field.name.canonicalName].map { "\($0), \(field.value)" } ?? field.value
        }
        return flat
    }
}
