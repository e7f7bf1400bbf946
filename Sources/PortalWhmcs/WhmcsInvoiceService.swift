import Domain
import PortalUpstream

/// A customer's invoices from WHMCS (GetInvoices, GetInvoice).
struct WhmcsInvoiceService: Sendable {
    private let connection: WhmcsConnection

    init(connection: WhmcsConnection) {
        self.connection = connection
    }

    /// One page (1-based) of the client's invoices, newest first, optionally of one status.
    func page(clientId: Int, page: Int, pageSize: Int, status: InvoiceStatus? = nil) async throws(UpstreamError) -> InvoicePage {
        guard page >= 1, pageSize >= 1 else {
            throw .rejected(system: connection.system, cause: .invalidRequest, detail: "GetInvoices: page and page size start at 1")
        }
        var parameters = [
            ("userid", String(clientId)), ("limitstart", String((page - 1) * pageSize)), ("limitnum", String(pageSize)),
            ("orderby", "id"), ("order", "desc"),
        ]
        if let status, let text = Self.whmcsStatus(status) { parameters.append(("status", text)) }
        let raw = try await connection.call("GetInvoices", parameters)
        let context = connection.context
        return try connection.map(raw, action: "GetInvoices") { raw throws(MappingError) in
            try Providers.Whmcs.invoicePage(from: raw, pageSize: pageSize, context: context)
        }
    }

    /// The invoice with its items, if it belongs to the client; someone else's invoice is not found.
    func invoice(id: Int, clientId: Int) async throws(UpstreamError) -> Invoice {
        let raw = try await connection.call("GetInvoice", [("invoiceid", String(id))])
        let context = connection.context
        let owned = try connection.map(raw, action: "GetInvoice") { raw throws(MappingError) in
            try Providers.Whmcs.ownedInvoice(from: raw, context: context)
        }
        guard owned.ownerId == clientId else {
            throw .notFound(system: connection.system, cause: .noSuchRecord, detail: "GetInvoice: not this client's invoice")
        }
        return owned.value
    }

    /// The client an invoice belongs to, for events that name only the invoice.
    func owner(ofInvoice id: Int) async throws(UpstreamError) -> Int {
        let raw = try await connection.call("GetInvoice", [("invoiceid", String(id))])
        let context = connection.context
        return try connection.map(raw, action: "GetInvoice") { raw throws(MappingError) in
            try Providers.Whmcs.ownedInvoice(from: raw, context: context).ownerId
        }
    }

    /// WHMCS's status filter text; nil for statuses WHMCS cannot filter by.
    static func whmcsStatus(_ status: InvoiceStatus) -> String? {
        switch status {
        case .draft: "Draft"
        case .unpaid: "Unpaid"
        case .paid: "Paid"
        case .cancelled: "Cancelled"
        case .refunded: "Refunded"
        case .collections: "Collections"
        case .paymentPending: "Payment Pending"
        case .overdue: "Overdue"
        case .unknown: nil
        }
    }
}
