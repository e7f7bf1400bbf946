extension Providers.Whmcs {
    /// Maps a GetClientsProducts answer (`"products": ""` when the client has none).
    public static func subscriptions(from raw: RawJSON, context: WhmcsMappingContext) throws(MappingError) -> [Subscription] {
        let root = try ObjectReader(raw)
        var subscriptions: [Subscription] = []
        for row in try root.wrappedList("products", "product") {
            subscriptions.append(try subscription(row, context: context))
        }
        return subscriptions
    }

    static func subscription(_ row: ObjectReader, context: WhmcsMappingContext) throws(MappingError) -> Subscription {
        let currency = context.defaultCurrency
        let customFields = try row.wrappedList("customfields", "customfield")
        var fieldsByName: [String: String] = [:]
        var fieldPaths: [String: ObjectReader] = [:]
        for field in customFields {
            let name = try field.required("name", "text", field.whmcsText)
            fieldsByName[name] = try field.whmcsText("value") ?? ""
            fieldPaths[name] = field
        }
        guard let productName = try row.first("translated_name", "name", read: row.trimmedWhmcsText) else {
            throw row.failure("name", .missing, "a service names its product")
        }
        return Subscription(
            id: try row.id("id"),
            orderId: try row.optionalId("orderid"),
            productId: try row.id("pid"),
            productName: productName,
            groupName: try row.first("translated_groupname", "groupname", read: row.trimmedWhmcsText),
            status: SubscriptionStatus(providerText: try row.text("status")),
            billingCycle: BillingCycle(providerText: try row.text("billingcycle"), aliases: BillingCycle.aliases),
            recurringAmount: try row.money("recurringamount", currency: currency),
            firstPaymentAmount: try row.optionalMoney("firstpaymentamount", currency: currency),
            registeredOn: try row.optionalDate("regdate"),
            nextDueOn: try row.optionalDate("nextduedate"),
            domain: try row.trimmedWhmcsText("domain"),
            customFields: fieldsByName,
            sim: try simRef(fieldPaths, names: context.simFields)
        )
    }

    private static func simRef(_ fields: [String: ObjectReader], names: SimFieldNames) throws(MappingError) -> SimRef? {
        let account = try fields[names.account].flatMap { field throws(MappingError) in try field.phoneNumber("value") }
        let iccid = try fields[names.iccid].flatMap { field throws(MappingError) in try field.iccid("value") }
        return account == nil && iccid == nil ? nil : SimRef(account: account, iccid: iccid)
    }
}

extension ObjectReader {
    /// A mobile line number as Freebit keys it: digits only, Japan's `+81` written as the domestic `0`.
    func phoneNumber(_ key: String) throws(MappingError) -> String? {
        guard let text = try trimmedText(key) else { return nil }
        var digits = text.filter { !" -()".contains($0) }
        if digits.hasPrefix("+81") {
            digits = "0" + digits.dropFirst(3)
        } else if digits.hasPrefix("+") {
            digits.removeFirst()
        }
        guard (10...15).contains(digits.count), digits.allSatisfy(\.isASCIIDigit) else {
            throw failure(key, .invalidValue, "not a phone number of 10 to 15 digits: \(text.prefix(40))")
        }
        return digits
    }

    /// A SIM card's ICCID: 18 to 22 digits, spaces and hyphens dropped, and the padding `F` some print last.
    func iccid(_ key: String) throws(MappingError) -> String? {
        guard let text = try trimmedText(key) else { return nil }
        var digits = text.filter { !" -".contains($0) }
        if digits.last == "F" || digits.last == "f" { digits.removeLast() }
        guard (18...22).contains(digits.count), digits.allSatisfy(\.isASCIIDigit) else {
            throw failure(key, .invalidValue, "not an ICCID of 18 to 22 digits: \(text.prefix(40))")
        }
        return digits
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
