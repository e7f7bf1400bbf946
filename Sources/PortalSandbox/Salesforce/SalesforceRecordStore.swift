import Domain
import Foundation
import Synchronization

/// The simulator's records: the seed, then whatever clients create and update. Writes check what Salesforce
/// checks: required fields, references to existing records of the right type, an order item's pricebook
/// entry matching its order's pricebook and product. Order totals and item totals are kept as roll-ups.
final class SalesforceRecordStore: Sendable {
    private struct State {
        var records: [String: [SalesforceRecord]]
        var serial = 0
        var lastOrderNumber: Int
    }

    private let state: Mutex<State>

    init(seed: SandboxSeed) {
        let records = seed.salesforceRecords
        let numbers = (records["Order"] ?? []).compactMap { record -> Int? in
            guard case .text(let number) = record["OrderNumber"] else { return nil }
            return Int(number)
        }
        state = Mutex(State(records: records, lastOrderNumber: numbers.max() ?? 100))
    }

    func snapshot() -> SalesforceSnapshot {
        SalesforceSnapshot(state.withLock { $0.records })
    }

    /// Creates an Order or OrderItem from its JSON body and returns the new id.
    func create(_ object: SObjectType, body: Data) throws(SalesforceFailure) -> SalesforceId {
        let fields = try SalesforceRecordInput.fields(body, object: object, creating: true)
        return try state.withLock { state throws(SalesforceFailure) -> SalesforceId in try Self.insert(object, fields, into: &state) }
    }

    /// Creates root records of `object` with their child records, all or none (the sObject Tree API). Each
    /// record's id is reported under its reference id, in request order, parents before their children.
    func createTree(_ object: SObjectType, roots: [SalesforceTreeRecord]) throws(SalesforceTreeFailure) -> [(referenceId: String, id: SalesforceId)] {
        try state.withLock { state throws(SalesforceTreeFailure) -> [(referenceId: String, id: SalesforceId)] in
            var draft = state
            var created: [(referenceId: String, id: SalesforceId)] = []
            for root in roots {
                let rootId = try Self.insert(root, object, into: &draft)
                created.append((root.referenceId, rootId))
                for (relationship, children) in root.children {
                    for child in children {
                        guard let link = object.child(relationship), let childObject = SalesforceSchema.object(link.object) else {
                            throw SalesforceTreeFailure(
                                referenceId: child.referenceId,
                                SalesforceFailure("INVALID_FIELD", "No such relationship \(relationship) on \(object.name)")
                            )
                        }
                        var linked = child
                        linked.fields[link.field] = .text(rootId.value)
                        created.append((child.referenceId, try Self.insert(linked, childObject, into: &draft)))
                    }
                }
            }
            state = draft
            return created
        }
    }

    private static func insert(
        _ record: SalesforceTreeRecord,
        _ object: SObjectType,
        into state: inout State
    ) throws(SalesforceTreeFailure) -> SalesforceId {
        do {
            return try insert(object, record.fields, into: &state)
        } catch {
            throw SalesforceTreeFailure(referenceId: record.referenceId, error)
        }
    }

    private static func insert(
        _ object: SObjectType,
        _ input: [String: SalesforceValue],
        into state: inout State
    ) throws(SalesforceFailure) -> SalesforceId {
        var fields = input
        if object.name == "Order" {
            if fields["CurrencyIsoCode", default: .null] == .null { fields["CurrencyIsoCode"] = .text("JPY") }
            if fields["Pricebook2Id", default: .null] == .null { fields["Pricebook2Id"] = .text(SandboxSeed.standardPricebookId.value) }
        }
        try requireFields(object, fields)
        try checkReferences(object, fields, in: state.records)
        try checkUnique(object, fields, in: state.records)
        state.serial += 1
        let id = SandboxSeed.salesforceId(object.keyPrefix, 100_000 + state.serial)
        switch object.name {
        case "Order":
            state.lastOrderNumber += 1
            fields["OrderNumber"] = .text(SandboxSeed.padded(state.lastOrderNumber, 8))
            fields["CreatedDate"] = .dateTime(now())
            fields["TotalAmount"] = .number(0)
        case "OrderItem":
            try completeItem(&fields, in: state.records)
        default:
            break
        }
        state.records[object.name, default: []].append(SalesforceRecord(object, id, fields))
        if object.name == "OrderItem", case .text(let orderId) = fields["OrderId", default: .null] {
            recomputeTotal(orderId: orderId, in: &state.records)
        }
        return id
    }

    /// Salesforce refuses a second record with the value of a unique field: `DUPLICATE_VALUE`.
    private static func checkUnique(
        _ object: SObjectType,
        _ fields: [String: SalesforceValue],
        in records: [String: [SalesforceRecord]]
    ) throws(SalesforceFailure) {
        for field in object.fields where field.unique {
            let value = fields[field.name, default: .null]
            guard value != .null, let existing = records[object.name]?.first(where: { $0[field.name] == value }) else { continue }
            throw SalesforceFailure(
                "DUPLICATE_VALUE",
                "duplicate value found: \(field.name) duplicates value on record with id: \(existing.id)",
                fields: [field.name]
            )
        }
    }

    /// Updates the writable fields of an existing record; `NOT_FOUND` when there is none with that id.
    func update(_ object: SObjectType, id text: String, body: Data) throws(SalesforceFailure) {
        guard let id = SalesforceId(text) else { throw .notFound }
        let fields = try SalesforceRecordInput.fields(body, object: object, creating: false)
        try SalesforceCountryPicklist.check(fields)
        let cleared = object.fields.filter { $0.required && fields[$0.name] == .null }.map(\.name)
        guard cleared.isEmpty else {
            throw SalesforceFailure("REQUIRED_FIELD_MISSING", "Required fields are missing: [\(cleared.joined(separator: ", "))]", fields: cleared)
        }
        try state.withLock { state throws(SalesforceFailure) in
            guard let index = state.records[object.name]?.firstIndex(where: { $0.id == id.value }) else { throw .notFound }
            state.records[object.name]![index].fields.merge(fields) { _, new in new }
            if object.name == "OrderItem" {
                let item = state.records[object.name]![index]
                if case .number(let quantity) = item["Quantity"], case .number(let price) = item["UnitPrice"] {
                    state.records[object.name]![index].fields["TotalPrice"] = .number(quantity * price)
                }
                if case .text(let orderId) = item["OrderId"] { Self.recomputeTotal(orderId: orderId, in: &state.records) }
            }
        }
    }

    private static func requireFields(_ object: SObjectType, _ fields: [String: SalesforceValue]) throws(SalesforceFailure) {
        let missing = object.fields.filter { $0.required && fields[$0.name, default: .null] == .null }.map(\.name)
        guard missing.isEmpty else {
            throw SalesforceFailure("REQUIRED_FIELD_MISSING", "Required fields are missing: [\(missing.joined(separator: ", "))]", fields: missing)
        }
    }

    private static func checkReferences(
        _ object: SObjectType,
        _ fields: [String: SalesforceValue],
        in records: [String: [SalesforceRecord]]
    ) throws(SalesforceFailure) {
        for field in object.fields {
            guard case .reference(let target) = field.kind, case .text(let id) = fields[field.name, default: .null] else { continue }
            guard records[target]?.contains(where: { $0.id == id }) == true else {
                throw SalesforceFailure("INVALID_CROSS_REFERENCE_KEY", "invalid cross reference id", fields: [field.name])
            }
        }
    }

    /// An order item takes its product from its pricebook entry, its currency from its order, and its total
    /// from quantity × unit price.
    private static func completeItem(_ fields: inout [String: SalesforceValue], in records: [String: [SalesforceRecord]]) throws(SalesforceFailure) {
        guard case .text(let entryId) = fields["PricebookEntryId", default: .null], case .text(let orderId) = fields["OrderId", default: .null],
            let entry = records["PricebookEntry"]?.first(where: { $0.id == entryId }),
            let order = records["Order"]?.first(where: { $0.id == orderId })
        else { return }
        if fields["Product2Id", default: .null] == .null {
            fields["Product2Id"] = entry["Product2Id"]
        } else if fields["Product2Id"] != entry["Product2Id"] {
            throw SalesforceFailure(
                "FIELD_INTEGRITY_EXCEPTION",
                "field integrity exception: Product2Id (the product does not match the pricebook entry)",
                fields: ["Product2Id"]
            )
        }
        guard entry["Pricebook2Id"] == order["Pricebook2Id"] else {
            throw SalesforceFailure(
                "FIELD_INTEGRITY_EXCEPTION",
                "field integrity exception: PricebookEntryId (pricebook entry is in a different pricebook than order)",
                fields: ["PricebookEntryId"]
            )
        }
        fields["CurrencyIsoCode"] = order["CurrencyIsoCode"]
        if case .number(let quantity) = fields["Quantity", default: .null], case .number(let price) = fields["UnitPrice", default: .null] {
            fields["TotalPrice"] = .number(quantity * price)
        }
    }

    private static func recomputeTotal(orderId: String, in records: inout [String: [SalesforceRecord]]) {
        guard let index = records["Order"]?.firstIndex(where: { $0.id == orderId }) else { return }
        let total = (records["OrderItem"] ?? []).filter { $0["OrderId"] == .text(orderId) }.reduce(Decimal(0)) { sum, item in
            if case .number(let price) = item["TotalPrice"] { return sum + price }
            return sum
        }
        records["Order"]![index].fields["TotalAmount"] = .number(total)
    }

    /// Now as Salesforce writes datetimes: `2024-01-15T10:30:00.000+0000`.
    static func now() -> String {
        let milliseconds = Int((Date().timeIntervalSince1970 * 1000).rounded(.down))
        let seconds = milliseconds / 1000
        let day = LocalDate(daysSinceEpoch: seconds / 86_400)?.description ?? "1970-01-01"
        let time = seconds % 86_400
        return "\(day)T\(SandboxSeed.padded(time / 3600, 2)):\(SandboxSeed.padded(time % 3600 / 60, 2)):\(SandboxSeed.padded(time % 60, 2))"
            + ".\(SandboxSeed.padded(milliseconds % 1000, 3))+0000"
    }
}
