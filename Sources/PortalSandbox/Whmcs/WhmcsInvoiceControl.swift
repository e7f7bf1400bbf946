import Domain
import Foundation
import Hummingbird

/// `PUT /_control/whmcs/invoices/{id}` with `{"status": "Paid", "dueDate": "2027-01-31"}` (either field may be
/// left out): changes a stored invoice the way an administrator would in WHMCS, so that scripts can make the
/// data behind a cached answer change and then send the webhook that says so.
struct WhmcsInvoiceControl: Sendable {
    static let statuses = Set(SandboxSeed.invoiceStatuses)

    let store: WhmcsStore

    struct Change: Decodable {
        var status: String?
        var dueDate: String?
    }

    func addRoutes(to router: Router<BasicRequestContext>) {
        router.put("/_control/whmcs/invoices/:id") { request, context in
            guard let id = context.parameters.get("id", as: Int.self) else {
                return Response.json(.badRequest, #"{"error":"the invoice id is a number"}"#)
            }
            guard let change = try? JSONDecoder().decode(Change.self, from: Data(buffer: try await request.body.collect(upTo: 4096))) else {
                return Response.json(.badRequest, #"{"error":"expected {\"status\": …, \"dueDate\": \"YYYY-MM-DD\"}"}"#)
            }
            if let status = change.status, !Self.statuses.contains(status) {
                return Response.json(
                    .badRequest,
                    #"{"error":"status is one of Paid, Unpaid, Cancelled, Refunded, Collections, Draft, Payment Pending"}"#
                )
            }
            let dueDate = change.dueDate.flatMap { LocalDate($0) }
            guard change.dueDate == nil || dueDate != nil else { return Response.json(.badRequest, #"{"error":"dueDate is YYYY-MM-DD"}"#) }
            guard store.changeInvoice(id, status: change.status, dueDate: dueDate) else {
                return Response.json(.notFound, #"{"error":"no such invoice"}"#)
            }
            return Response.json(.ok, #"{"status":"changed"}"#)
        }
    }

}
