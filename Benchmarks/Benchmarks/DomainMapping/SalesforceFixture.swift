import Foundation

/// A Salesforce REST query result for Product2 with a `PricebookEntries` subquery, as the API returns it:
/// `attributes` on every record, 18-character ids, currency amounts as JSON numbers.
enum SalesforceFixture {
    static func products(count: Int) -> Data {
        let rows = (0..<count).map(product).joined(separator: ",")
        return Data(#"{"totalSize":\#(count),"done":true,"records":[\#(rows)]}"#.utf8)
    }

    private static let plans: [(name: String, family: String, category: String?, cycle: String, price: String)] = [
        ("SIM Data 3GB", "SIM", "sim-data", "Monthly", "1200"),
        ("SIM Voice 20GB", "SIM", "sim-voice", "Monthly", "2980"),
        ("Home Fiber 1G", "Internet", "fiber", "Monthly", "4980"),
        ("Router Rental", "Hardware", nil, "Monthly", "550"),
        ("Setup Fee", "Fees", "fees", "One Time", "3300"),
        ("Static IP", "Internet", "options", "Annually", "13200.0"),
    ]

    private static func product(_ index: Int) -> String {
        let plan = plans[index % plans.count]
        let productId = salesforceId(prefix: "01t", index: index)
        let entryId = salesforceId(prefix: "01u", index: index + 100_000)
        let category = plan.category.map { "\"\($0)\"" } ?? "null"
        let description = index % 5 == 0 ? "null" : "\"\(plan.name) (\(index)) — 税込価格\""
        let entry =
            #"{"attributes":{"type":"PricebookEntry","url":"/services/data/v60.0/sobjects/PricebookEntry/\#(entryId)"},"#
            + #""Id":"\#(entryId)","UnitPrice":\#(plan.price),"CurrencyIsoCode":"JPY","Billing_Cycle__c":"\#(plan.cycle)"}"#
        return #"{"attributes":{"type":"Product2","url":"/services/data/v60.0/sobjects/Product2/\#(productId)"},"#
            + #""Id":"\#(productId)","Name":"\#(plan.name) #\#(index)","ProductCode":"\#(plan.family.uppercased())-\#(1000 + index)","#
            + #""Family":"\#(plan.family)","Portal_Category__c":\#(category),"Description":\#(description),"IsActive":true,"#
            + #""PricebookEntries":{"totalSize":1,"done":true,"records":[\#(entry)]}}"#
    }

    private static let idAlphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
    private static let suffixAlphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ012345")

    /// A 15-character id (`prefix`, pod `5g0`, mixed-case sequence) with the standard 3-character case checksum.
    static func salesforceId(prefix: String, index: Int) -> String {
        var sequence = ""
        var rest = Int((UInt64(index + 1) &* 0x9E37_79B9_7F4A_7C15) >> 1)
        for _ in 0..<9 {
            sequence.append(idAlphabet[rest % idAlphabet.count])
            rest /= idAlphabet.count
        }
        let base = Array(prefix + "5g0" + sequence)
        precondition(base.count == 15)
        let suffix = stride(from: 0, to: 15, by: 5).map { start in
            var bits = 0
            for offset in 0..<5 where base[start + offset].isUppercase { bits |= 1 << offset }
            return suffixAlphabet[bits]
        }
        return String(base + suffix)
    }
}
