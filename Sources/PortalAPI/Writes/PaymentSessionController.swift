import Domain
import Foundation
import Hummingbird
import PortalApplication
import PortalSupport

/// `POST /api/invoices/{id}/payment-session`: a one-time link (`{"url", "expiresAt"}`, valid 60 seconds)
/// that signs the customer into WHMCS on the page to pay their unpaid invoice. The link is a credential: the
/// answer is `no-store`, its replay under the same `Idempotency-Key` is kept only as long as the link
/// lives, and it is never logged. Each customer has its own small budget of links apart from the API's.
struct PaymentSessionController {
    let billing: BillingService
    let clock: ApplicationClock
    let writes: IdempotentWrite
    let budgets: KeyedRateLimiters<String>

    init(billing: BillingService, clock: ApplicationClock, writes: IdempotentWrite, perMinute: Int, burst: Int) {
        self.billing = billing
        self.clock = clock
        self.writes = writes
        self.budgets = KeyedRateLimiters(perMinute: perMinute, burst: burst, maximumTracked: 100_000)
    }

    func addRoutes(to group: RouterGroup<PortalRequestContext>) {
        group.post("invoices/:id/payment-session", use: create)
    }

    @Sendable func create(_ request: Request, context: PortalRequestContext) async throws -> Response {
        let customer = try context.requireCustomer()
        let invoiceId = try context.positiveId("id")
        let billing = billing
        let account = try shown { () throws(ServiceError) in try billing.account(of: customer) }
        if case .refused(let retryAfter) = budgets.reserve(for: customer.userId, maximumWait: .zero) {
            throw APIError.rateLimited(retryAfter: retryAfter)
        }
        let response = try await writes.respond(
            to: request,
            context: context,
            scope: "payment-session:\(invoiceId)",
            customer: customer,
            fingerprinting: ["invoiceId": invoiceId],
            write: billing.paymentSession(invoiceId: invoiceId, account, clock: clock),
            status: .created
        )
        context.logger.info("payment session answered", metadata: ["invoice": .stringConvertible(invoiceId)])
        return response
    }
}
