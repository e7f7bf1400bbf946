import Domain
import Foundation
import Hummingbird

/// The simulated Freebit's calendar over HTTP, for demos and scripts that want a reserved plan change to
/// take effect: `PUT /_control/freebit/date` with `{"date": "2027-01-01"}`, or `{"date": null}` to follow
/// today in Japan again. The answer is `{"date": "…"}`, the simulator's today.
struct FreebitDateControl: Sendable {
    let plans: FreebitPlanBook

    private struct Body: Decodable {
        var date: String?
    }

    func addRoutes(to router: Router<BasicRequestContext>) {
        router.put("/_control/freebit/date") { request, _ in
            guard let body = try? JSONDecoder().decode(Body.self, from: Data(buffer: try await request.body.collect(upTo: 1024))) else {
                return Response.json(.badRequest, #"{"error":"expected {\"date\": \"YYYY-MM-DD\"} or {\"date\": null}"}"#)
            }
            if let text = body.date {
                guard text.utf8.count == 10, let date = LocalDate(text) else {
                    return Response.json(.badRequest, #"{"error":"date must be YYYY-MM-DD"}"#)
                }
                plans.today = date
            } else {
                plans.resetDate()
            }
            return Response.json(.ok, #"{"date":"\#(plans.today)"}"#)
        }
    }

}
