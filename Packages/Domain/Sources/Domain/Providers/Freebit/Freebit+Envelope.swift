extension Providers.Freebit {
    /// The result code of a successful call. Freebit sends it as a string.
    static let success = "100"

    /// The failure Freebit answered with, or nil when `resultCode` is `"100"`.
    public static func failure(in raw: RawJSON) throws(MappingError) -> FreebitAPIError? {
        let root = try ObjectReader(raw)
        let code = try root.text("resultCode")
        guard code != success else { return nil }
        let status = try root.optionalObject("status")
        return FreebitAPIError(
            resultCode: code,
            statusCode: try status?.optionalText("statusCode"),
            message: try status?.optionalText("message")
        )
    }

    /// The payload's root, once it is known to report success.
    static func successfulRoot(_ raw: RawJSON) throws(MappingError) -> ObjectReader {
        let root = try ObjectReader(raw)
        let code = try root.text("resultCode")
        guard code == success else {
            throw root.failure("resultCode", .invalidValue, "a failure answer (\(code.prefix(10))) has no value to map")
        }
        return root
    }
}

extension ObjectReader {
    /// Freebit reports traffic and quotas in KB; the domain speaks MB (1024 KB), rounded down.
    func megabytesFromKilobytes(_ key: String) throws(MappingError) -> Int? {
        guard let kilobytes = try optionalInt(key) else { return nil }
        guard kilobytes >= 0 else { throw failure(key, .outOfRange, "an amount of data cannot be negative") }
        return kilobytes / 1024
    }

    /// A yes/no flag in a field whose encoding is not documented: unrecognised values read as unknown (nil).
    func lenientFlag(_ key: String) -> Bool? {
        (try? optionalBool(key)) ?? nil
    }
}
