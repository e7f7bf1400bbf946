extension Providers.Whmcs {
    /// The error WHMCS answered with, or nil for a success answer.
    ///
    /// WHMCS says `{"result": "error", "message": …}`, except GetInvoice's not-found answer, which says
    /// `{"status": "error", "message": …}` with no `result`.
    public static func failure(in raw: RawJSON) throws(MappingError) -> WhmcsAPIError? {
        let root = try ObjectReader(raw)
        let result = try root.optionalText("result")?.lowercased()
        if result == "success" { return nil }
        let status = try root.optionalText("status")?.lowercased()
        if result == "error" || (result == nil && status == "error") {
            return WhmcsAPIError(message: try root.optionalText("message") ?? "")
        }
        if let result { throw root.failure("result", .invalidValue, "expected success or error, found \(result.prefix(40))") }
        throw root.failure("result", .missing, "a WHMCS answer names its result")
    }
}
