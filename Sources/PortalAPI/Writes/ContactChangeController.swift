import Domain
import Foundation
import Hummingbird
import PortalApplication

/// `PATCH /api/me` with any of `email`, `phone`, `address`: changes the caller's contact details in WHMCS
/// and Salesforce (`ContactChangeWrite`), once per `Idempotency-Key`. 200 when both hold the change, 202
/// (`"status": "pending"`) when Salesforce follows later; the cached profile is dropped either way.
struct ContactChangeController {
    let profiles: ProfileService
    let writes: IdempotentWrite

    func addRoutes(to group: RouterGroup<PortalRequestContext>) {
        group.patch("me", use: change)
    }

    @Sendable func change(_ request: Request, context: PortalRequestContext) async throws -> Response {
        let customer = try context.requireCustomer()
        let body = Data(buffer: try await request.body.collect(upTo: context.maxUploadSize))
        let parsed = try shown { () throws(ServiceError) in try ContactChangeRequest.parse(body) }
        let profiles = profiles
        let write = try shown { () throws(ServiceError) in try profiles.changeContact(parsed, for: customer) }
        let response = try await writes.respond(
            to: request,
            context: context,
            scope: "contact",
            customer: customer,
            fingerprinting: parsed,
            write: write,
            status: .ok
        )
        context.logger.info("contact change answered", metadata: ["fields": .string(Self.fields(parsed))])
        return response
    }

    private static func fields(_ change: ContactChange) -> String {
        [change.email.map { _ in "email" }, change.phone.map { _ in "phone" }, change.address.map { _ in "address" }].compactMap { $0 }
            .joined(separator: ",")
    }
}
