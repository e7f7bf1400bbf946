import Foundation

/// A WHMCS GetInvoices answer as WHMCS's PHP `json_encode` writes it: numbers and ids as strings,
/// non-ASCII as `\uXXXX`, `/` as `\/`, and all-zero date-times for dates that are not set.
enum WhmcsFixture {
    static func getInvoices(count: Int) -> Data {
        let rows = (0..<count).map(invoice).joined(separator: ",")
        let json =
            #"{"result":"success","totalresults":\#(count + 37),"startnumber":0,"numreturned":\#(count),"#
            + #""invoices":{"invoice":[\#(rows)]}}"#
        return Data(json.utf8)
    }

    private static let statuses = ["Paid", "Paid", "Paid", "Unpaid", "Paid", "Cancelled", "Paid", "Payment Pending", "Refunded", "Collections"]
    private static let customers: [(first: String, last: String, company: String)] = [
        ("Taro", "Yamada", ""),
        ("花子", "佐藤", "株式会社サンプル"),
        ("John", "Smith", "Example K.K."),
        ("健", "鈴木", ""),
        ("Maria", "García", "Tokyo/Osaka Trading"),
    ]
    private static let gateways = ["stripe", "banktransfer", "paypal", "konbini"]

    private static func invoice(_ index: Int) -> String {
        let id = 20_000 + index
        let customer = customers[index % customers.count]
        let status = statuses[index % statuses.count]
        let subtotal = 980 + (index % 12) * 550
        let tax = subtotal / 10
        let day = 1 + index % 28
        let month = 1 + (index / 28) % 12
        let date = "2024-\(pad(month))-\(pad(day))"
        let due = "2024-\(pad(month))-\(pad(min(day + 14, 28)))"
        let paid =
            ["Paid", "Refunded"].contains(status)
            ? "2024-\(pad(month))-\(pad(min(day + 3, 28))) \(pad(index % 24)):\(pad(index * 7 % 60)):\(pad(index * 13 % 60))"
            : "0000-00-00 00:00:00"
        let fields: [(String, String?)] = [
            ("id", "\(id)"),
            ("userid", "\(1000 + index % 40)"),
            ("firstname", customer.first),
            ("lastname", customer.last),
            ("companyname", customer.company),
            ("invoicenum", index % 4 == 0 ? "" : "INV-2024-\(id)"),
            ("date", date),
            ("duedate", due),
            ("datepaid", paid),
            ("last_capture_attempt", "0000-00-00 00:00:00"),
            ("date_refunded", status == "Refunded" ? paid : "0000-00-00 00:00:00"),
            ("date_cancelled", status == "Cancelled" ? "\(date) 09:00:00" : "0000-00-00 00:00:00"),
            ("subtotal", "\(subtotal).00"),
            ("credit", "0.00"),
            ("tax", "\(tax).00"),
            ("tax2", "0.00"),
            ("total", "\(subtotal + tax).00"),
            ("taxrate", "10.00"),
            ("taxrate2", "0.00"),
            ("status", status),
            ("paymentmethod", gateways[index % gateways.count]),
            ("paymethodid", index % 3 == 0 ? nil : "\(500 + index)"),
            ("notes", index % 9 == 0 ? "Upgrade from 3GB/month to 20GB/month" : ""),
            ("created_at", "\(date) 00:00:00"),
            ("updated_at", paid == "0000-00-00 00:00:00" ? "\(date) 00:00:00" : paid),
            ("currencycode", "JPY"),
            ("currencyprefix", "¥"),
            ("currencysuffix", "円"),
        ]
        return "{" + fields.map { key, value in "\"\(key)\":" + (value.map(phpString) ?? "null") }.joined(separator: ",") + "}"
    }

    private static func pad(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }

    private static func phpString(_ text: String) -> String {
        var out = "\""
        for unit in text.utf16 {
            switch unit {
            case 0x22: out += "\\\""
            case 0x5C: out += "\\\\"
            case 0x2F: out += "\\/"
            case 0x20..<0x7F: out.unicodeScalars.append(Unicode.Scalar(unit)!)
            default: out += "\\u" + String(format: "%04x", unit)
            }
        }
        return out + "\""
    }
}
