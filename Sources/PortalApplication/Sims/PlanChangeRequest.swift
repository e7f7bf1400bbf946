import Domain
import Foundation

/// The body of `POST /api/subscriptions/{id}/sim/plan-change`: `{"planCode": "PSP20G", "effectiveOn": "2027-01-01"?}`.
/// `effectiveOn` defaults to the 1st of next month in Japan; today is allowed only for a plan whose
/// configuration says so.
public struct PlanChangeRequest: Encodable, Sendable, Equatable {
    public let planCode: String
    public let effectiveOn: LocalDate

    /// The request in `body`, or every problem with it by field; `today` is today in Japan.
    public static func parse(_ body: Data, today: LocalDate, catalog: SimPlanCatalog) throws(ServiceError) -> PlanChangeRequest {
        guard case .object(let root)? = try? RawJSON.parse(body) else { throw .invalid(["body": "must be a JSON object"]) }
        var problems: [String: String] = [:]
        for key in root.keys where !["planCode", "effectiveOn"].contains(key) { problems[key] = "is not accepted" }
        var plan: SimPlan?
        if case .string(let code)? = root["planCode"], !code.isEmpty {
            plan = catalog.plan(code)
            if plan == nil { problems["planCode"] = "is not a plan offered here" }
        } else {
            problems["planCode"] = "is required: a plan code from the SIM's plans"
        }
        let nextMonth = firstOfNextMonth(after: today)
        var effectiveOn = nextMonth
        if let raw = root["effectiveOn"], raw != .null {
            if case .string(let text) = raw, text.utf8.count == 10, let date = LocalDate(text) {
                effectiveOn = date
                if date == today, let plan, !plan.changesToday {
                    problems["effectiveOn"] = "this plan cannot change today; it can change on \(nextMonth)"
                } else if date != today, date != nextMonth {
                    problems["effectiveOn"] = "must be \(nextMonth) (the 1st of next month)\(plan?.changesToday == true ? " or today" : "")"
                }
            } else {
                problems["effectiveOn"] = "must be a date YYYY-MM-DD"
            }
        }
        guard problems.isEmpty, let plan else { throw .invalid(problems) }
        return PlanChangeRequest(planCode: plan.code, effectiveOn: effectiveOn)
    }

    /// The 1st of the month after `date`.
    static func firstOfNextMonth(after date: LocalDate) -> LocalDate {
        let (year, month) = date.month == 12 ? (date.year + 1, 1) : (date.year, date.month + 1)
        return LocalDate(year: year, month: month, day: 1) ?? date
    }
}
