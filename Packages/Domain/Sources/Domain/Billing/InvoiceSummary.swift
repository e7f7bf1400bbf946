/// One invoice as listed: amounts in the invoice's currency; `tax` is both WHMCS tax levels together.
public struct InvoiceSummary: Sendable, Hashable, Codable {
    public var id: Int
    /// WHMCS's sequential invoice number, or the id as text when sequential numbering is off.
    public var number: String
    public var status: InvoiceStatus
    public var issuedOn: LocalDate
    public var dueOn: LocalDate
    public var paidAt: Instant?
    public var subtotal: Money
    public var tax: Money
    public var total: Money
    /// What is left to pay; only the single-invoice call reports it.
    public var balance: Money?
    /// The payment gateway's system name, e.g. `stripe`.
    public var paymentMethod: String?

    public init(
        id: Int,
        number: String,
        status: InvoiceStatus,
        issuedOn: LocalDate,
        dueOn: LocalDate,
        paidAt: Instant?,
        subtotal: Money,
        tax: Money,
        total: Money,
        balance: Money?,
        paymentMethod: String?
    ) {
        self.id = id
        self.number = number
        self.status = status
        self.issuedOn = issuedOn
        self.dueOn = dueOn
        self.paidAt = paidAt
        self.subtotal = subtotal
        self.tax = tax
        self.total = total
        self.balance = balance
        self.paymentMethod = paymentMethod
    }
}
