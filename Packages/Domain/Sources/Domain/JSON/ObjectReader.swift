import Foundation

/// Reads the fields of one raw JSON object, absorbing provider quirks, and names the field path in every
/// `MappingError` it throws.
///
/// Quirks absorbed here: numbers sent as strings and strings sent as numbers, `""` and `null` standing for
/// "absent", lists sent as `""`, as an object keyed by index (PHP arrays with gaps) or as a lone object.
struct ObjectReader {
    let fields: [String: RawJSON]
    let path: FieldPath

    init(_ value: RawJSON, path: FieldPath = .root) throws(MappingError) {
        guard case .object(let fields) = value else {
            throw MappingError(path: path.rendered(), reason: .wrongType, detail: "expected an object, found \(value.typeName)")
        }
        self.fields = fields
        self.path = path
    }

    func failure(_ key: String, _ reason: MappingError.Reason, _ detail: String) -> MappingError {
        MappingError(path: path.rendered(with: key), reason: reason, detail: detail)
    }

    /// The field's value, or nil when it is absent, `null` or `""`.
    func present(_ key: String) -> RawJSON? {
        switch fields[key] {
        case nil, .null?, .string("")?: nil
        case let value?: value
        }
    }

    func has(_ key: String) -> Bool { present(key) != nil }

    /// The value `read` finds under `key`, or a `missing` error naming what was expected.
    func required<Value>(_ key: String, _ what: String, _ read: (String) throws(MappingError) -> Value?) throws(MappingError) -> Value {
        guard let value = try read(key) else { throw failure(key, .missing, "required \(what) is absent") }
        return value
    }

    /// The first of `keys` that `read` finds a value in: for providers that name one thing several ways.
    func first<Value>(_ keys: String..., read: (String) throws(MappingError) -> Value?) throws(MappingError) -> Value? {
        for key in keys {
            if let value = try read(key) { return value }
        }
        return nil
    }

    // MARK: Text

    func optionalText(_ key: String) throws(MappingError) -> String? {
        switch present(key) {
        case nil: return nil
        case .string(let text)?: return text
        case .number(let literal)?: return literal
        case let other?: throw failure(key, .wrongType, "expected text, found \(other.typeName)")
        }
    }

    func text(_ key: String) throws(MappingError) -> String { try required(key, "text", optionalText) }

    /// Text trimmed of surrounding white space; nil when nothing is left.
    func trimmedText(_ key: String) throws(MappingError) -> String? {
        let trimmed = try optionalText(key)?.trimmed
        return trimmed?.isEmpty == false ? trimmed : nil
    }

    // MARK: Numbers

    func optionalDecimal(_ key: String) throws(MappingError) -> ExactDecimal? {
        let literal: String
        switch present(key) {
        case nil: return nil
        case .number(let text)?: literal = text
        case .string(let text)?: literal = text.trimmed
        case let other?: throw failure(key, .wrongType, "expected a number, found \(other.typeName)")
        }
        guard let decimal = ExactDecimal(literal) else {
            throw failure(key, .invalidValue, "not an exact decimal number: \(literal.prefix(40))")
        }
        return decimal
    }

    func decimal(_ key: String) throws(MappingError) -> ExactDecimal { try required(key, "number", optionalDecimal) }

    func optionalInt(_ key: String) throws(MappingError) -> Int? {
        guard let decimal = try optionalDecimal(key) else { return nil }
        guard let integer = decimal.scaledInteger(scale: 0) else {
            throw failure(key, decimal.exponent < 0 ? .invalidValue : .outOfRange, "expected a whole number, found \(decimal)")
        }
        return Int(integer)
    }

    func int(_ key: String) throws(MappingError) -> Int { try required(key, "number", optionalInt) }

    /// A record id: a whole number above zero. WHMCS uses `0` for "none", so `0` reads as absent.
    func optionalId(_ key: String) throws(MappingError) -> Int? {
        guard let value = try optionalInt(key), value != 0 else { return nil }
        guard value > 0 else { throw failure(key, .outOfRange, "an id must be positive, found \(value)") }
        return value
    }

    func id(_ key: String) throws(MappingError) -> Int { try required(key, "id (non-zero)", optionalId) }

    func optionalMoney(_ key: String, currency: CurrencyCode) throws(MappingError) -> Money? {
        guard let decimal = try optionalDecimal(key) else { return nil }
        do {
            return try Money(decimal, currency: currency)
        } catch {
            switch error {
            case .tooPrecise: throw failure(key, .invalidValue, "\(decimal) has more decimal places than \(currency) allows")
            case .tooLarge: throw failure(key, .outOfRange, "\(decimal) \(currency) is too large")
            }
        }
    }

    func money(_ key: String, currency: CurrencyCode) throws(MappingError) -> Money {
        try required(key, "amount") { key throws(MappingError) in try optionalMoney(key, currency: currency) }
    }

    // MARK: Flags

    /// Accepts JSON booleans, `1`/`0` and the words providers use for them.
    func optionalBool(_ key: String) throws(MappingError) -> Bool? {
        switch present(key) {
        case nil: return nil
        case .bool(let flag)?: return flag
        case .number(let literal)?, .string(let literal)?:
            switch literal.trimmed.lowercased() {
            case "1", "true", "yes", "on", "y": return true
            case "0", "false", "no", "off", "n": return false
            default: throw failure(key, .invalidValue, "not a yes/no value: \(literal.prefix(40))")
            }
        case let other?: throw failure(key, .wrongType, "expected a boolean, found \(other.typeName)")
        }
    }

    // MARK: Dates

    private static let unsetDates: Set<String> = ["0000-00-00", "0000-00-00 00:00:00", "00000000"]

    /// A date; WHMCS's all-zero dates read as absent.
    func optionalDate(_ key: String) throws(MappingError) -> LocalDate? {
        guard let text = try optionalText(key), !Self.unsetDates.contains(text) else { return nil }
        let isDateTime = text.utf8.count > 10 && Instant(text, assumingZone: .gmt) != nil
        guard let date = LocalDate(isDateTime ? text.prefix(10) : text[...]) else {
            throw failure(key, .invalidValue, "not a date: \(text.prefix(40))")
        }
        return date
    }

    func date(_ key: String) throws(MappingError) -> LocalDate { try required(key, "date", optionalDate) }

    /// An instant; text without an offset is read in `zone`.
    func optionalInstant(_ key: String, zone: TimeZone? = nil) throws(MappingError) -> Instant? {
        guard let text = try optionalText(key), !Self.unsetDates.contains(text) else { return nil }
        let instant = zone.map { Instant(text, assumingZone: $0) } ?? Instant(text)
        guard let instant else { throw failure(key, .invalidValue, "not a date-time: \(text.prefix(40))") }
        return instant
    }

    func instant(_ key: String, zone: TimeZone? = nil) throws(MappingError) -> Instant {
        try required(key, "date-time") { key throws(MappingError) in try optionalInstant(key, zone: zone) }
    }

    // MARK: Ids

    func optionalSalesforceId(_ key: String) throws(MappingError) -> SalesforceId? {
        guard let text = try optionalText(key) else { return nil }
        guard let id = SalesforceId(text) else {
            throw failure(key, .invalidValue, "not a 15/18-character Salesforce id: \(text.prefix(40))")
        }
        return id
    }

    func salesforceId(_ key: String) throws(MappingError) -> SalesforceId { try required(key, "Salesforce id", optionalSalesforceId) }

    // MARK: Nested values

    func optionalObject(_ key: String) throws(MappingError) -> ObjectReader? {
        guard let value = present(key) else { return nil }
        return try ObjectReader(value, path: path.appending(key))
    }

    func object(_ key: String) throws(MappingError) -> ObjectReader { try required(key, "object", optionalObject) }

    /// The objects of a list field. Absent, `null`, `""` and `[]` are the empty list; an object whose keys
    /// are all indexes is a list in index order; any other object is a list of one.
    func list(_ key: String) throws(MappingError) -> [ObjectReader] {
        let listPath = path.appending(key)
        switch present(key) {
        case nil:
            return []
        case .array(let elements)?:
            var readers: [ObjectReader] = []
            readers.reserveCapacity(elements.count)
            for (index, element) in elements.enumerated() {
                readers.append(try ObjectReader(element, path: listPath.appending(index: index)))
            }
            return readers
        case .object(let fields)?:
            let indexed = fields.compactMap { key, value in Int(key).map { ($0, value) } }
            guard !fields.isEmpty, indexed.count == fields.count else {
                return fields.isEmpty ? [] : [ObjectReader(validated: fields, path: listPath.appending(index: 0))]
            }
            var readers: [ObjectReader] = []
            for (index, element) in indexed.sorted(by: { $0.0 < $1.0 }) {
                readers.append(try ObjectReader(element, path: listPath.appending(index: index)))
            }
            return readers
        case let other?:
            throw failure(key, .wrongType, "expected a list, found \(other.typeName)")
        }
    }

    /// WHMCS wraps lists twice: `{"invoices": {"invoice": [...]}}`, and sends the outer field as `""` or
    /// `[]` when there is nothing to list.
    func wrappedList(_ outer: String, _ inner: String) throws(MappingError) -> [ObjectReader] {
        switch present(outer) {
        case nil: return []
        case .array(let elements)? where elements.isEmpty: return []
        default: return try object(outer).list(inner)
        }
    }

    private init(validated fields: [String: RawJSON], path: FieldPath) {
        self.fields = fields
        self.path = path
    }
}
