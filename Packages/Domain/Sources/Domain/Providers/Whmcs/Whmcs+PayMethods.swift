extension Providers.Whmcs {
    /// Maps a GetPayMethods answer to masked payment methods. Card numbers, bank account numbers and gateway
    /// tokens are never read beyond their last four digits. WHMCS lists pay methods in the client's order of
    /// preference; unless the payload marks a default (`is_default`), the first is the default.
    public static func paymentMethods(from raw: RawJSON) throws(MappingError) -> [PaymentMethod] {
        let root = try ObjectReader(raw)
        let rows = try root.list("paymethods")
        var explicitDefaults: [Bool?] = []
        for row in rows { explicitDefaults.append(try row.optionalBool("is_default")) }
        let anyExplicit = explicitDefaults.contains { $0 != nil }
        var methods: [PaymentMethod] = []
        for (index, row) in rows.enumerated() {
            let isDefault = anyExplicit ? explicitDefaults[index] ?? false : index == 0
            methods.append(try paymentMethod(row, isDefault: isDefault))
        }
        return methods
    }

    private static func paymentMethod(_ row: ObjectReader, isDefault: Bool) throws(MappingError) -> PaymentMethod {
        let rawType = try row.text("type")
        let kind: PaymentMethod.Kind =
            switch rawType.lowercased().filter(\.isLetter) {
            case "creditcard": .card
            case "remotecreditcard": .remoteCard
            case "bankaccount", "remotebankaccount": .bankAccount
            default: .other
            }
        let lastFour = try row.first("card_last_four", "account_number", read: row.lastFourDigits)
        return PaymentMethod(
            id: try row.id("id"),
            type: kind,
            description: try row.first("description", "card_type", "bank_name", read: row.trimmedWhmcsText) ?? genericDescription(of: kind),
            lastFour: lastFour,
            expiry: try row.cardExpiry("expiry_date"),
            isDefault: isDefault
        )
    }

    /// What a customer calls a pay method that has no description, card type or bank name; WHMCS's type
    /// names (`RemoteBankAccount`) are not for customers.
    private static func genericDescription(of kind: PaymentMethod.Kind) -> String {
        switch kind {
        case .card, .remoteCard: "Card"
        case .bankAccount: "Bank account"
        case .other: "Payment method"
        }
    }
}

extension ObjectReader {
    /// The last four digits of a card or account number, whatever masking surrounds them.
    func lastFourDigits(_ key: String) throws(MappingError) -> String? {
        guard let text = try trimmedText(key) else { return nil }
        let digits = text.filter(\.isASCIIDigit)
        guard digits.count >= 4 else { throw failure(key, .invalidValue, "fewer than four digits") }
        return String(digits.suffix(4))
    }

    /// A card expiry as `MM/YY`, from `MM/YY`, `MMYY` or `MM/YYYY`.
    func cardExpiry(_ key: String) throws(MappingError) -> String? {
        guard let text = try trimmedText(key) else { return nil }
        let digits = text.filter(\.isASCIIDigit)
        guard text.allSatisfy({ $0.isASCIIDigit || $0 == "/" }), digits.count == 4 || digits.count == 6,
            let month = Int(digits.prefix(2)), (1...12).contains(month)
        else { throw failure(key, .invalidValue, "not a card expiry (MM/YY): \(text.prefix(20))") }
        return digits.prefix(2) + "/" + digits.suffix(2)
    }
}
