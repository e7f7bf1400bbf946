import Domain
import Foundation
import Hummingbird
import PortalApplication

/// `POST /api/tickets` with `{"subject","message","subscriptionId"?}` (opens a ticket, `TicketOpenWrite`)
/// and `POST /api/tickets/{id}/replies` with `{"message"}` (replies as the customer, `TicketReplyWrite`):
/// each once per `Idempotency-Key`, even when WHMCS's answer is lost; both answer 201 with the ticket.
struct TicketWritesController {
    let tickets: TicketService
    let writes: IdempotentWrite

    func addRoutes(to group: RouterGroup<PortalRequestContext>) {
        group.post("tickets", use: open)
        group.post("tickets/:id/replies", use: reply)
    }

    @Sendable func open(_ request: Request, context: PortalRequestContext) async throws -> Response {
        let customer = try context.requireCustomer()
        let tickets = tickets
        _ = try shown { () throws(ServiceError) in try tickets.account(of: customer) }
        let body = Data(buffer: try await request.body.collect(upTo: context.maxUploadSize))
        let parsed = try shown { () throws(ServiceError) in try OpenTicketRequest.parse(body) }
        let write = try shown { () throws(ServiceError) in try tickets.open(parsed, for: customer) }
        let response = try await writes.respond(
            to: request,
            context: context,
            scope: "tickets:open",
            customer: customer,
            fingerprinting: parsed,
            write: write,
            status: .created
        )
        context.logger.info("ticket opening answered", metadata: ["status": .stringConvertible(response.status.code)])
        return response
    }

    @Sendable func reply(_ request: Request, context: PortalRequestContext) async throws -> Response {
        let customer = try context.requireCustomer()
        let ticketId = try context.positiveId("id")
        let tickets = tickets
        _ = try shown { () throws(ServiceError) in try tickets.account(of: customer) }
        let body = Data(buffer: try await request.body.collect(upTo: context.maxUploadSize))
        let parsed = try shown { () throws(ServiceError) in try TicketReplyRequest.parse(body) }
        let write = try shown { () throws(ServiceError) in try tickets.reply(parsed, toTicket: ticketId, for: customer) }
        let response = try await writes.respond(
            to: request,
            context: context,
            scope: "tickets:\(ticketId):reply",
            customer: customer,
            fingerprinting: parsed,
            write: write,
            status: .created
        )
        context.logger.info("ticket reply answered", metadata: ["ticket": .stringConvertible(ticketId)])
        return response
    }
}
