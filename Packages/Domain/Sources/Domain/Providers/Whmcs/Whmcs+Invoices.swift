import Foundation

extension Providers.Whmcs {
    /// Maps a GetInvoices answer. `pageSize` is the `limitnum` the request asked for.
    public static func invoicePage(from raw: RawJSON, pageSize: Int, context: WhmcsMappingContext) throws(MappingError) -> InvoicePage {
        let page = try listPage(raw, pageSize: pageSize, in: ("invoices", "invoice")) { row throws(MappingError) in
            try invoiceSummary(row, idField: "id", context: context)
        }
        return InvoicePage(items: page.items, page: page.number, pageSize: pageSize, total: page.total)
    }

    /// Maps a GetInvoice answer, items included (WHMCS leaves `items` out when there are none).
    public static func invoice(from raw: RawJSON, context: WhmcsMappingContext) throws(MappingError) -> Invoice {
        let root = try ObjectReader(raw)
        let summary = try invoiceSummary(root, idField: "invoiceid", context: context)
        var items: [InvoiceItem] = []
        for row in try root.wrappedList("items", "item") {
            items.append(try invoiceItem(row, currency: summary.total.currency))
        }
        return Invoice(summary: summary, items: items)
    }

    /// Maps a GetInvoice answer together with the WHMCS client (`userid`) the invoice belongs to.
    public static func ownedInvoice(from raw: RawJSON, context: WhmcsMappingContext) throws(MappingError) -> Owned<Invoice> {
        let owner = try ObjectReader(raw).id("userid")
        return Owned(ownerId: owner, value: try invoice(from: raw, context: context))
    }

    static func invoiceSummary(_ row: ObjectReader, idField: String, context: WhmcsMappingContext) throws(MappingError) -> InvoiceSummary {
        let currency = try row.currency("currencycode") ?? context.defaultCurrency
        let id = try row.id(idField)
        let tax = try row.money("tax", currency: currency)
        let tax2 = try row.optionalMoney("tax2", currency: currency) ?? .zero(currency)
        guard let totalTax = tax.adding(tax2) else { throw row.failure("tax2", .outOfRange, "tax and tax2 together overflow") }
        return InvoiceSummary(
            id: id,
            number: try row.trimmedWhmcsText("invoicenum") ?? String(id),
            status: InvoiceStatus(providerText: try row.text("status")),
            issuedOn: try row.date("date"),
            dueOn: try row.date("duedate"),
            paidAt: try row.optionalInstant("datepaid", zone: context.timeZone),
            subtotal: try row.money("subtotal", currency: currency),
            tax: totalTax,
            total: try row.money("total", currency: currency),
            balance: try row.optionalMoney("balance", currency: currency),
            paymentMethod: try row.trimmedText("paymentmethod")
        )
    }

    static func invoiceItem(_ row: ObjectReader, currency: CurrencyCode) throws(MappingError) -> InvoiceItem {
        let type = try row.optionalText("type") ?? ""
        return InvoiceItem(
            id: try row.id("id"),
            type: type,
            description: try row.whmcsText("description") ?? "",
            amount: try row.money("amount", currency: currency),
            taxed: try row.optionalBool("taxed") ?? false,
            serviceId: type.caseInsensitiveCompare("Hosting") == .orderedSame ? try row.optionalId("relid") : nil
        )
    }
}

extension ObjectReader {
    /// A currency code field; nil when absent.
    func currency(_ key: String) throws(MappingError) -> CurrencyCode? {
        guard let text = try trimmedText(key) else { return nil }
        guard let code = CurrencyCode(text) else { throw failure(key, .invalidValue, "not an ISO 4217 code: \(text.prefix(40))") }
        return code
    }
}
