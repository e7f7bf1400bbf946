import Domain
import Foundation
import PropertyBased
import Testing

// The mappers are fed whatever a provider (or an attacker posing as one) sends. Whatever that is, a mapper must
// return a value or throw a `MappingError`: it must never trap. Typed throws already pin the error type; these
// properties are about the absence of traps (overflow, out-of-range indexing, force unwraps) and about the
// values that do come out being deterministic and encodable.

// MARK: - Random raw JSON

/// Random raw JSON documents of bounded depth and size, with the keys and values providers really use mixed
/// in so that random documents reach past the first `guard` of a mapper.
enum ArbitraryRawJSON {
    typealias RNG = any SeededRandomNumberGenerator

    static let providerKeys: [String] = [
        // WHMCS
        "result", "message", "status", "invoices", "invoice", "id", "invoiceid", "invoicenum", "userid", "date", "duedate",
        "datepaid", "subtotal", "tax", "tax2", "total", "balance", "currencycode", "paymentmethod", "items", "item", "type",
        "relid", "description", "amount", "taxed", "totalresults", "startnumber", "products", "product", "pid", "orderid",
        "name", "translated_name", "groupname", "billingcycle", "recurringamount", "firstpaymentamount", "regdate",
        "nextduedate", "domain", "customfields", "customfield", "value", "client", "fullname", "firstname", "lastname",
        "companyname", "email", "phonenumber", "postcode", "state", "city", "address1", "address2", "countrycode",
        "country", "currency_code", "paymethods", "card_last_four", "account_number", "expiry_date", "is_default",
        "card_type", "bank_name",
        // Webhook envelopes
        "event", "occurredAt", "data", "serviceid", "clientid", "client_id",
        // Salesforce
        "records", "totalSize", "done", "nextRecordsUrl", "attributes", "Id", "OrderNumber", "Status", "Type",
        "EffectiveDate", "TotalAmount", "CreatedDate", "CurrencyIsoCode", "Account", "Name", "OrderItems", "Product2Id",
        "Product2", "ProductCode", "Quantity", "UnitPrice", "TotalPrice", "Item_Class__c", "Family", "Portal_Category__c",
        "Description", "PricebookEntries", "Billing_Cycle__c", "PersonEmail", "Phone", "PersonMobilePhone",
        "BillingStreet", "BillingCity", "BillingAddress", "BillingCountryCode", "errorCode", "fields", "error",
        "error_description", "accountId", "orderId", "category", "order",
        // Freebit
        "resultCode", "statusCode", "responseDatas", "kind", "account", "iccid", "startDate", "planCode", "contractLine",
        "sms", "talk", "quota", "traffic", "today", "inRecentDays", "remainingQuota", "nextPlanCode", "nextPlanDate",
        // PHP arrays with gaps arrive as objects keyed by index
        "0", "1", "2", "7", "-1",
    ]

    static let providerStrings: [String] = [
        "", " ", "success", "error", "Success", "0", "1", "-1", "42", "1043", "0.00", "12.50", "1200.5", "1.0816E7", "1e18",
        "1e400", "abc", "true", "false", "yes", "Paid", "Unpaid", "Payment Pending", "Semi-Annually", "Monthly", "Free Account",
        "Active", "Activated", "Draft", "Provisioning Requested", "0000-00-00", "0000-00-00 00:00:00", "00000000",
        "2024-02-29", "2023-02-29", "20240401", "2024-01-15 10:30:00", "2024-01-15T10:30:00.000+0000",
        "2024-03-01T01:02:03Z", "9999-12-31T23:59:59-14:00", "0001-01-01T00:00:00+14:00", "2024-13-45T99:99:99Z", "JPY",
        "USD", "KWD", "jpy", "XX", "JP", "0015g00000XyZ12AAF", "0015g00000XyZ12", "8015g00000AbCdEAAV", "001' OR 1=1 --xxx",
        "08012345678", "+81 80-1234-5678", "8981 1000 0123 4567 890F", "taro@example.jp", "@", "a@b", "02/27", "13/27",
        "022027", "/services/data/v61.0/query/01g-2000", "/services/data/../secret", "100", "400", "200", "MVNO",
        "InvoicePaid", "AfterModuleSuspend", "ClientEdit", "OrderPaid", "PayMethodAdded", "OrderStatusChanged",
        "ProductChanged", "Hosting", "RemoteCreditCard", "BankAccount", "CreditCard", "102400,0,1048576", "1,,2", "-5",
        "1,-1", "😀", "\u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467}", "山田 太郎", "e\u{301}", "\u{0}", "\n", "\u{FEFF}",
        String(repeating: "9", count: 40), String(repeating: "x", count: 300),
    ]

    /// Valid JSON number literals that providers send or that sit on a boundary of the domain's limits.
    static let providerNumbers: [String] = [
        "0", "-0", "-0.0", "1", "-1", "42", "12.50", "3800.0", "1.0816E7", "7.016E3", "4.104E4", "1e400", "-1e400", "1E-400",
        "1e30", "1e31", "1e-30", "1e-31", "0.001", "0.5", "1.5", "-12.345", "123456789012345678", "1234567890123456789",
        "999999999999999999", "9223372036854775807", "9223372036854775808", "-9223372036854775809", "1e18", "9e18", "1e19",
        "123456789012345678901234567890", "10485760", "2147483648", "0.000000000000000000000000000001",
    ]

    static func pick<Element>(_ elements: [Element], using rng: inout RNG) -> Element {
        elements[Int.random(in: 0..<elements.count, using: &rng)]
    }

    static func chance(_ percent: Int, using rng: inout RNG) -> Bool {
        Int.random(in: 0..<100, using: &rng) < percent
    }

    /// A random, syntactically valid JSON number literal.
    static func numberLiteral(using rng: inout RNG) -> String {
        if chance(50, using: &rng) { return pick(providerNumbers, using: &rng) }
        var text = chance(25, using: &rng) ? "-" : ""
        if chance(15, using: &rng) {
            text += "0"
        } else {
            text += String(Int.random(in: 1...9, using: &rng))
            for _ in 0..<Int.random(in: 0...20, using: &rng) { text += String(Int.random(in: 0...9, using: &rng)) }
        }
        if chance(40, using: &rng) {
            text += "."
            for _ in 0..<Int.random(in: 1...8, using: &rng) { text += String(Int.random(in: 0...9, using: &rng)) }
        }
        if chance(25, using: &rng) {
            text += pick(["e", "E", "e+", "e-", "E-"], using: &rng)
            for _ in 0..<Int.random(in: 1...3, using: &rng) { text += String(Int.random(in: 0...9, using: &rng)) }
        }
        return text
    }

    /// A random string: ASCII, control characters, Japanese, emoji (outside the BMP) and combining marks.
    static func randomText(using rng: inout RNG) -> String {
        var scalars = String.UnicodeScalarView()
        for _ in 0..<Int.random(in: 0...12, using: &rng) {
            let ranges: [ClosedRange<UInt32>] = [
                0x20...0x7E, 0x20...0x7E, 0x30...0x39, 0x00...0x1F, 0x3040...0x30FF, 0x4E00...0x9FFF, 0x1F300...0x1FAFF,
                0x300...0x36F, 0xFEFF...0xFEFF, 0x80...0x7FF,
            ]
            let range = pick(ranges, using: &rng)
            if let scalar = Unicode.Scalar(UInt32.random(in: range, using: &rng)) { scalars.append(scalar) }
        }
        return String(scalars)
    }

    static func text(using rng: inout RNG) -> String {
        chance(60, using: &rng) ? pick(providerStrings, using: &rng) : randomText(using: &rng)
    }

    static func key(using rng: inout RNG) -> String {
        chance(85, using: &rng) ? pick(providerKeys, using: &rng) : randomText(using: &rng)
    }

    static func scalar(using rng: inout RNG) -> RawJSON {
        switch Int.random(in: 0..<10, using: &rng) {
        case 0: .null
        case 1: .bool(chance(50, using: &rng))
        case 2...4: .number(numberLiteral(using: &rng))
        default: .string(text(using: &rng))
        }
    }

    /// A value nested at most `depth` containers deep.
    static func value(depth: Int, using rng: inout RNG) -> RawJSON {
        switch Int.random(in: 0..<10, using: &rng) {
        case 0..<3 where depth > 0: object(depth: depth - 1, using: &rng)
        case 3..<5 where depth > 0: array(depth: depth - 1, using: &rng)
        default: scalar(using: &rng)
        }
    }

    static func object(depth: Int, using rng: inout RNG) -> RawJSON {
        var fields: [String: RawJSON] = [:]
        for _ in 0..<Int.random(in: 0...6, using: &rng) {
            fields[key(using: &rng)] = value(depth: depth, using: &rng)
        }
        return .object(fields)
    }

    static func array(depth: Int, using rng: inout RNG) -> RawJSON {
        var elements: [RawJSON] = []
        for _ in 0..<Int.random(in: 0...5, using: &rng) { elements.append(value(depth: depth, using: &rng)) }
        return .array(elements)
    }

    /// A whole document: mostly an object, as every provider answers with one.
    static func document(using rng: inout RNG) -> RawJSON {
        chance(80, using: &rng)
            ? object(depth: Int.random(in: 0...3, using: &rng), using: &rng)
            : value(depth: Int.random(in: 0...3, using: &rng), using: &rng)
    }

    static let documents = Generator<RawJSON, Shrink.None<RawJSON>>(run: { rng in document(using: &rng) })

    // MARK: Mutations

    enum Step: Hashable {
        case key(String)
        case index(Int)
    }

    enum Mutation: CaseIterable {
        case delete, otherType, emptyString, null, hugeNumber, emoji, numberAsText, providerValue, indexedObject, duplicateElements
    }

    /// The path of every value in `raw`, the root included.
    static func paths(in raw: RawJSON, prefix: [Step] = [], into result: inout [[Step]]) {
        result.append(prefix)
        switch raw {
        case .object(let fields):
            for (key, value) in fields { paths(in: value, prefix: prefix + [.key(key)], into: &result) }
        case .array(let elements):
            for (index, value) in elements.enumerated() { paths(in: value, prefix: prefix + [.index(index)], into: &result) }
        default:
            break
        }
    }

    static func value(at path: ArraySlice<Step>, in raw: RawJSON) -> RawJSON? {
        guard let step = path.first else { return raw }
        switch (step, raw) {
        case (.key(let key), .object(let fields)): return fields[key].flatMap { value(at: path.dropFirst(), in: $0) }
        case (.index(let index), .array(let elements)) where elements.indices.contains(index):
            return value(at: path.dropFirst(), in: elements[index])
        default: return nil
        }
    }

    /// `raw` with the value at `path` transformed; a nil transform result deletes the value (the root becomes null).
    static func replacing(at path: ArraySlice<Step>, in raw: RawJSON, with transform: (RawJSON) -> RawJSON?) -> RawJSON {
        guard let step = path.first else { return transform(raw) ?? .null }
        switch (step, raw) {
        case (.key(let key), .object(var fields)):
            guard let child = fields[key] else { return raw }
            fields[key] = path.count == 1 ? transform(child) : replacing(at: path.dropFirst(), in: child, with: transform)
            return .object(fields)
        case (.index(let index), .array(var elements)) where elements.indices.contains(index):
            if path.count == 1 {
                if let replacement = transform(elements[index]) { elements[index] = replacement } else { elements.remove(at: index) }
            } else {
                elements[index] = replacing(at: path.dropFirst(), in: elements[index], with: transform)
            }
            return .array(elements)
        default:
            return raw
        }
    }

    static func otherType(than original: RawJSON, using rng: inout RNG) -> RawJSON {
        for _ in 0..<8 {
            let candidate = value(depth: 1, using: &rng)
            if candidate.typeName != original.typeName { return candidate }
        }
        return original.typeName == "null" ? .bool(true) : .null
    }

    /// One random mutation somewhere in `raw`.
    static func mutate(_ raw: RawJSON, using rng: inout RNG) -> RawJSON {
        var allPaths: [[Step]] = []
        paths(in: raw, into: &allPaths)
        let mutation = pick(Mutation.allCases, using: &rng)
        let arrayPaths = allPaths.filter { if case .array? = value(at: $0[...], in: raw) { true } else { false } }
        let wantsArray = mutation == .indexedObject || mutation == .duplicateElements
        let path = wantsArray && !arrayPaths.isEmpty ? pick(arrayPaths, using: &rng) : pick(allPaths, using: &rng)
        var local = rng
        defer { rng = local }
        return replacing(at: path[...], in: raw) { original in
            switch mutation {
            case .delete:
                return nil
            case .otherType:
                return otherType(than: original, using: &local)
            case .emptyString:
                return .string("")
            case .null:
                return .null
            case .hugeNumber:
                return .number(
                    pick(
                        [
                            "1e400", "-1e400", "1e18", "9e18", "1e30", "1E-400", "123456789012345678901234567890",
                            "9223372036854775808", "-9223372036854775809", "999999999999999999",
                        ],
                        using: &local
                    )
                )
            case .emoji:
                if case .string(let text) = original { return .string(text + "😀") }
                return .string(pick(["😀", "\u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467}", "山田😀"], using: &local))
            case .numberAsText:
                switch original {
                case .number(let literal): return .string(literal)
                case .string(let text): return .string(" \(text) ")
                case .bool(let flag): return .string(flag ? "1" : "0")
                default: return otherType(than: original, using: &local)
                }
            case .providerValue:
                return chance(50, using: &local)
                    ? .string(pick(providerStrings, using: &local)) : .number(pick(providerNumbers, using: &local))
            case .indexedObject:
                guard case .array(let elements) = original else { return .object(["0": original]) }
                let stride = chance(50, using: &local) ? 1 : 2
                var fields: [String: RawJSON] = [:]
                for (index, element) in elements.enumerated() { fields[String(index * stride)] = element }
                return .object(fields)
            case .duplicateElements:
                guard case .array(let elements) = original else { return .array([original, original]) }
                return .array(elements + elements)
            }
        }
    }

    /// Mutated copies of `fixtures`: one to three random mutations each.
    static func mutations(of fixtures: [RawJSON]) -> Generator<RawJSON, Shrink.None<RawJSON>> {
        Generator(run: { rng in
            var document = pick(fixtures, using: &rng)
            for _ in 0..<Int.random(in: 1...3, using: &rng) { document = mutate(document, using: &rng) }
            return document
        })
    }
}

// MARK: - The mappers under test

/// What one run of a mapper gave.
enum RobustnessOutcome: Equatable {
    case mapped(AnyHashable)
    case failed(MappingError)
}

/// A mapper reduced to "raw JSON in, outcome out", with the payloads it is meant for.
struct MapperUnderTest: Sendable, CustomTestStringConvertible {
    let name: String
    let fixtureNames: [String]
    let run: @Sendable (RawJSON) -> RobustnessOutcome
    /// Nil when the payload does not map or its value survives JSON encoding and decoding stably; else what went wrong.
    let encodingProblem: @Sendable (RawJSON) -> String?

    var testDescription: String { name }

    static func make<Value: Hashable & Codable & Sendable>(
        _ name: String,
        _ fixtureNames: [String],
        _ map: @escaping @Sendable (RawJSON) throws(MappingError) -> Value
    ) -> MapperUnderTest {
        MapperUnderTest(
            name: name,
            fixtureNames: fixtureNames,
            run: { raw in
                do throws(MappingError) {
                    return .mapped(AnyHashable(try map(raw)))
                } catch {
                    return .failed(error)
                }
            },
            encodingProblem: { raw in
                guard let value = try? map(raw) else { return nil }
                return EncodingStability.problem(with: value)
            }
        )
    }

    static let whmcs = WhmcsMappingContext.test
    static let salesforce = SalesforceMappingContext.test
    static let freebit = FreebitMappingContext(today: LocalDate(year: 2024, month: 4, day: 20)!, planNames: ["PSP10G": "10GB"])

    static let all: [MapperUnderTest] = [
        make("Whmcs.invoicePage", ["whmcs/GetInvoices", "whmcs/GetInvoices-usd", "whmcs/GetInvoices-empty"]) { raw throws(MappingError) in
            try Providers.Whmcs.invoicePage(from: raw, pageSize: 25, context: whmcs)
        },
        make("Whmcs.invoice", ["whmcs/GetInvoice", "whmcs/GetInvoice-noitems", "whmcs/GetInvoice-notfound"]) { raw throws(MappingError) in
            try Providers.Whmcs.invoice(from: raw, context: whmcs)
        },
        make("Whmcs.subscriptions", ["whmcs/GetClientsProducts", "whmcs/GetClientsProducts-empty"]) { raw throws(MappingError) in
            try Providers.Whmcs.subscriptions(from: raw, context: whmcs)
        },
        make("Whmcs.client", ["whmcs/GetClientsDetails"]) { raw throws(MappingError) in
            try Providers.Whmcs.client(from: raw, context: whmcs)
        },
        make("Whmcs.paymentMethods", ["whmcs/GetPayMethods"]) { raw throws(MappingError) in
            try Providers.Whmcs.paymentMethods(from: raw)
        },
        make("Whmcs.event", ["whmcs/event-InvoicePaid", "whmcs/event-AfterModuleSuspend", "whmcs/event-unknown"]) { raw throws(MappingError) in
            try Providers.Whmcs.event(from: raw, context: whmcs)
        },
        make("Whmcs.ticketPage", ["whmcs/GetTickets"]) { raw throws(MappingError) in
            try Providers.Whmcs.ticketPage(from: raw, pageSize: 25, context: whmcs)
        },
        make("Whmcs.ticket", ["whmcs/GetTicket"]) { raw throws(MappingError) in
            try Providers.Whmcs.ticket(from: raw, context: whmcs)
        },
        make("Whmcs.openedTicket", ["whmcs/OpenTicket"]) { raw throws(MappingError) in
            try Providers.Whmcs.openedTicket(from: raw)
        },
        make("Whmcs.failure", ["whmcs/error-authentication", "whmcs/GetInvoice-notfound", "whmcs/GetInvoice"]) { raw throws(MappingError) in
            try Providers.Whmcs.failure(in: raw)
        },
        make("Salesforce.orders", ["salesforce/orders"]) { raw throws(MappingError) in
            try Providers.Salesforce.orders(from: raw, context: salesforce)
        },
        make("Salesforce.orderDetails", ["salesforce/order-with-items", "salesforce/order-without-items"]) { raw throws(MappingError) in
            try Providers.Salesforce.orderDetails(from: raw, context: salesforce)
        },
        make("Salesforce.orderDetails(items:)", ["salesforce/order-separate-items"]) { raw throws(MappingError) in
            // The fixture holds both query results; a random document is used as both.
            if case .object(let parts) = raw, let order = parts["order"] {
                return try Providers.Salesforce.orderDetails(from: order, items: parts["items"], context: salesforce)
            }
            return try Providers.Salesforce.orderDetails(from: raw, items: raw, context: salesforce)
        },
        make("Salesforce.products", ["salesforce/products"]) { raw throws(MappingError) in
            try Providers.Salesforce.products(from: raw, context: salesforce)
        },
        make("Salesforce.account", ["salesforce/account"]) { raw throws(MappingError) in
            try Providers.Salesforce.account(from: raw, context: salesforce)
        },
        make("Salesforce.event", ["salesforce/event-order-status", "salesforce/event-product-changed"]) { raw throws(MappingError) in
            try Providers.Salesforce.event(from: raw, context: salesforce)
        },
        make("Salesforce.failure", ["salesforce/error-request-limit", "salesforce/error-malformed-query", "salesforce/account"]) {
            raw throws(MappingError) in try Providers.Salesforce.failure(in: raw)
        },
        make("Freebit.simDetails", ["freebit/getDetail"]) { raw throws(MappingError) in
            try Providers.Freebit.simDetails(from: raw, context: freebit)
        },
        make("Freebit.usage", ["freebit/getTrafficInfo"]) { raw throws(MappingError) in
            try Providers.Freebit.usage(from: raw, context: freebit)
        },
        make("Freebit.topUp", ["freebit/getDetail", "freebit/error-parameter"]) { raw throws(MappingError) in
            try Providers.Freebit.topUp(from: raw, account: "08012345678", addedMB: 1024, expiresOn: LocalDate(year: 2024, month: 5, day: 31))
        },
        make("Freebit.failure", ["freebit/error-parameter", "freebit/getDetail", "freebit/getTrafficInfo"]) { raw throws(MappingError) in
            try Providers.Freebit.failure(in: raw)
        },
    ]

    func fixtures() throws -> [RawJSON] {
        try fixtureNames.map { try Fixture.raw($0) }
    }
}

/// Whether a value encodes, decodes and encodes again to the same bytes.
enum EncodingStability {
    static func problem<Value: Codable>(with value: Value) -> String? {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        do {
            let first = try encoder.encode(value)
            let decoded = try JSONDecoder().decode(Value.self, from: first)
            let second = try encoder.encode(decoded)
            guard first == second else {
                return "re-encoded differently:\n\(String(decoding: first, as: UTF8.self))\n\(String(decoding: second, as: UTF8.self))"
            }
            return nil
        } catch {
            let text = (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "(does not encode)"
            return "\(error) for \(text)"
        }
    }
}

/// The checks every outcome must pass: a failure names where and why.
private func expectWellFormed(_ outcome: RobustnessOutcome, _ mapper: MapperUnderTest, sourceLocation: SourceLocation = #_sourceLocation) {
    guard case .failed(let error) = outcome else { return }
    #expect(!error.path.isEmpty, "\(mapper.name): a MappingError names a path", sourceLocation: sourceLocation)
    #expect(!error.detail.isEmpty, "\(mapper.name): a MappingError explains itself", sourceLocation: sourceLocation)
}

// MARK: - Properties

@Suite("Mapper robustness")
struct MapperRobustnessTests {
    @Test(arguments: MapperUnderTest.all)
    func randomDocumentsMapOrFailWithAMappingErrorWithoutTrapping(_ mapper: MapperUnderTest) async {
        await propertyCheck(count: 300, input: ArbitraryRawJSON.documents) { document in
            expectWellFormed(mapper.run(document), mapper)
        }
    }

    @Test(arguments: MapperUnderTest.all)
    func mutatedFixturesMapOrFailWithAMappingErrorWithoutTrapping(_ mapper: MapperUnderTest) async throws {
        let fixtures = try mapper.fixtures()
        await propertyCheck(count: 300, input: ArbitraryRawJSON.mutations(of: fixtures)) { document in
            expectWellFormed(mapper.run(document), mapper)
        }
    }

    @Test(arguments: MapperUnderTest.all)
    func everyFixtureOfEveryProviderMapsOrFailsWithoutTrapping(_ mapper: MapperUnderTest) throws {
        for fixture in try Fixture.all() {
            let raw = try RawJSON.parse(fixture.data)
            expectWellFormed(mapper.run(raw), mapper)
        }
    }

    @Test(arguments: MapperUnderTest.all)
    func mappingTheSameDocumentTwiceGivesTheSameOutcome(_ mapper: MapperUnderTest) async throws {
        let fixtures = try mapper.fixtures()
        await propertyCheck(count: 150, input: ArbitraryRawJSON.mutations(of: fixtures)) { document in
            #expect(mapper.run(document) == mapper.run(document))
        }
    }

    @Test(arguments: MapperUnderTest.all)
    func valuesMappedFromMutatedFixturesReencodeStably(_ mapper: MapperUnderTest) async throws {
        let fixtures = try mapper.fixtures()
        await propertyCheck(count: 200, input: ArbitraryRawJSON.mutations(of: fixtures)) { document in
            guard let problem = mapper.encodingProblem(document) else { return }
            Issue.record("\(mapper.name): \(problem)")
        }
    }

    @Test func invoicePageNeverTrapsWhateverThePageSize() async throws {
        let fixtures = try ["whmcs/GetInvoices", "whmcs/GetInvoices-usd"].map { try Fixture.raw($0) }
        await propertyCheck(count: 300, input: ArbitraryRawJSON.mutations(of: fixtures), Gen.int()) { document, pageSize in
            do throws(MappingError) {
                let page = try Providers.Whmcs.invoicePage(from: document, pageSize: pageSize, context: .test)
                #expect(pageSize > 0, "a page size below 1 is refused")
                #expect(page.page >= 1)
            } catch {
                #expect(!error.path.isEmpty)
            }
        }
    }

    @Test func usageNeverTrapsWhateverTodayIs() async throws {
        let fixture = try Fixture.raw("freebit/getTrafficInfo")
        await propertyCheck(count: 300, input: ArbitraryRawJSON.mutations(of: [fixture]), Gen.int(in: -719_162...2_932_896)) { document, day in
            let today = LocalDate(daysSinceEpoch: day)!
            do throws(MappingError) {
                let usage = try Providers.Freebit.usage(from: document, context: FreebitMappingContext(today: today))
                #expect(usage.to == today)
                #expect(usage.from <= usage.to)
            } catch {
                #expect(!error.path.isEmpty)
            }
        }
    }

    @Test func topUpNeverTrapsWhateverItIsAskedToAdd() async throws {
        let fixture = try Fixture.raw("freebit/getDetail")
        await propertyCheck(count: 200, input: ArbitraryRawJSON.mutations(of: [fixture]), Gen.int()) { document, megabytes in
            do throws(MappingError) {
                let topUp = try Providers.Freebit.topUp(from: document, account: "08012345678", addedMB: megabytes, expiresOn: nil)
                #expect(topUp.addedMB == megabytes && megabytes > 0)
            } catch {
                #expect(!error.path.isEmpty)
            }
        }
    }

    @Test func mergingMutatedProfileHalvesNeverTraps() async throws {
        let account = try Fixture.raw("salesforce/account")
        let client = try Fixture.raw("whmcs/GetClientsDetails")
        await propertyCheck(
            count: 300,
            input: ArbitraryRawJSON.mutations(of: [account]),
            ArbitraryRawJSON.mutations(of: [client]),
            Gen.bool,
            Gen.bool,
            Gen.letterOrNumber.string(of: 0...3)
        ) { accountRaw, clientRaw, useAccount, useClient, customerId in
            let accountHalf = useAccount ? (try? Providers.Salesforce.account(from: accountRaw, context: .test)) ?? nil : nil
            let clientHalf = useClient ? try? Providers.Whmcs.client(from: clientRaw, context: .test) : nil
            do throws(MappingError) {
                let profile = try CustomerProfile.merged(customerId: customerId, account: accountHalf, client: clientHalf)
                #expect(profile.customerId == customerId)
            } catch {
                #expect(!error.path.isEmpty)
            }
        }
    }

    // MARK: Parser

    @Test func randomBytesParseOrFailWithAMappingErrorWithoutTrapping() async {
        await propertyCheck(count: 500, input: Gen<UInt8>.value(in: 0...255).array(of: 0...64)) { bytes in
            do throws(MappingError) {
                _ = try RawJSON.parse(bytes: bytes)
            } catch {
                #expect(error.path == "$")
            }
        }
    }

    /// Bytes drawn from JSON's own alphabet (and a few invalid UTF-8 bytes) get much further into the parser.
    @Test func randomJsonLikeBytesParseOrFailWithAMappingErrorWithoutTrapping() async {
        let alphabet =
            Array("{}[]:,\"\\/u0123456789abcdefABCDEF.eE+-truefalsenull \n\t".utf8) + [0x00, 0x1F, 0x7F, 0xC0, 0xE3, 0xED, 0xEF, 0xBB, 0xBF, 0xFF]
        let input = Gen<UInt8?>.element(of: alphabet).map { $0! }.array(of: 0...48)
        await propertyCheck(count: 500, input: input) { bytes in
            do throws(MappingError) {
                _ = try RawJSON.parse(bytes: bytes)
            } catch {
                #expect(error.path == "$")
                #expect(error.reason == .invalidValue)
            }
        }
    }

    @Test func everyTruncatedFixtureIsRefused() async throws {
        let fixtures = try Fixture.all().map { Array($0.data) }
        await propertyCheck(count: 500, input: Gen.int(in: 0...(fixtures.count - 1)), Gen.int(in: 0...1_000_000)) { index, position in
            var bytes = fixtures[index]
            while let last = bytes.last, [0x20, 0x0A, 0x0D, 0x09].contains(last) { bytes.removeLast() }
            let cut = position % bytes.count
            do throws(MappingError) {
                _ = try RawJSON.parse(bytes: Array(bytes[..<cut]))
                Issue.record("a fixture cut after \(cut) of \(bytes.count) bytes parsed")
            } catch {
                #expect(error.path == "$")
                #expect(error.reason == .invalidValue)
            }
        }
    }

    @Test func byteMutatedFixturesNeverTrapTheParserOrAnyMapper() async throws {
        let fixtures = try Fixture.all().map { Array($0.data) }
        let mutatedBytes = Generator<[UInt8], Shrink.None<[UInt8]>>(run: { rng in
            var bytes = fixtures[Int.random(in: 0..<fixtures.count, using: &rng)]
            for _ in 0..<Int.random(in: 1...4, using: &rng) where !bytes.isEmpty {
                let position = Int.random(in: 0..<bytes.count, using: &rng)
                switch Int.random(in: 0..<4, using: &rng) {
                case 0: bytes[position] = UInt8.random(in: 0...255, using: &rng)
                case 1: bytes.insert(UInt8.random(in: 0...255, using: &rng), at: position)
                case 2: bytes.remove(at: position)
                default: bytes[position] ^= 1 << UInt8.random(in: 0...7, using: &rng)
                }
            }
            return bytes
        })
        await propertyCheck(count: 300, input: mutatedBytes) { bytes in
            guard let raw = try? RawJSON.parse(bytes: bytes) else { return }
            for mapper in MapperUnderTest.all { expectWellFormed(mapper.run(raw), mapper) }
        }
    }
}
