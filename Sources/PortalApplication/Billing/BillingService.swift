import Domain
import PortalUpstream

/// The caller's billing in WHMCS: invoices, subscriptions and payment methods, each only the caller's own.
public struct BillingService: Sendable {
    let upstreams: Upstreams

    /// The caller's WHMCS client; not found when the token names none, or an instance not configured.
    public func account(of customer: Customer) throws(ServiceError) -> BillingAccount {
        try upstreams.billingAccount(of: customer)
    }

    public func invoicePage(_ account: BillingAccount, page: Int, pageSize: Int, status: InvoiceStatus?) async throws(ServiceError) -> InvoicePage {
        try await ServiceError.showing(notFound: "Invoices") { () async throws(UpstreamError) in
            try await account.whmcs.invoicePage(clientId: account.clientId, page: page, pageSize: pageSize, status: status)
        }
    }

    public func invoice(_ account: BillingAccount, id: Int) async throws(ServiceError) -> Invoice {
        try await ServiceError.showing(notFound: "Invoice") { () async throws(UpstreamError) in
            try await account.whmcs.invoice(id: id, clientId: account.clientId)
        }
    }

    /// The caller's subscriptions, only those of `status` when given.
    public func subscriptions(_ account: BillingAccount, status: SubscriptionStatus?) async throws(ServiceError) -> [Subscription] {
        let all = try await ServiceError.showing(notFound: "Subscriptions") { () async throws(UpstreamError) in
            try await account.whmcs.subscriptions(clientId: account.clientId)
        }
        return status.map { wanted in all.filter { $0.status == wanted } } ?? all
    }

    public func subscription(_ account: BillingAccount, id: Int) async throws(ServiceError) -> Subscription {
        try await ServiceError.showing(notFound: "Subscription") { () async throws(UpstreamError) in
            try await account.whmcs.subscription(id: id, clientId: account.clientId)
        }
    }

    public func paymentMethods(_ account: BillingAccount) async throws(ServiceError) -> [PaymentMethod] {
        try await ServiceError.showing(notFound: "Payment methods") { () async throws(UpstreamError) in
            try await account.whmcs.paymentMethods(clientId: account.clientId)
        }
    }
}

extension BillingService {
    /// A one-time link to pay invoice `id` of the caller in WHMCS, to be asked for once per idempotency key.
    public func paymentSession(invoiceId: Int, _ account: BillingAccount, clock: ApplicationClock) -> PaymentSessionWrite {
        PaymentSessionWrite(invoiceId: invoiceId, billing: account, clock: clock)
    }
}
