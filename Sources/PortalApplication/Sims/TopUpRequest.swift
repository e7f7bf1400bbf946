import Domain
import Foundation

/// The body of `POST /api/subscriptions/{id}/sim/top-up`: `{"megabytes": 1000, "expiresOn": "2026-12-31"?}`.
public struct TopUpRequest: Encodable, Sendable, Equatable {
    public static let megabytes = 100...102_400

    public let megabytes: Int
    public let expiresOn: LocalDate?

    /// The request in `body`, or every problem with it by field; `today` is the earliest expiry date.
    public static func parse(_ body: Data, today: LocalDate) throws(ServiceError) -> TopUpRequest {
        guard case .object(let root)? = try? RawJSON.parse(body) else { throw .invalid(["body": "must be a JSON object"]) }
        var problems: [String: String] = [:]
        for key in root.keys where !["megabytes", "expiresOn"].contains(key) { problems[key] = "is not accepted" }
        var megabytes: Int?
        if case .number(let literal)? = root["megabytes"], let value = Int(literal), Self.megabytes.contains(value) {
            megabytes = value
        } else {
            problems["megabytes"] = "must be a whole number from \(Self.megabytes.lowerBound) to \(Self.megabytes.upperBound)"
        }
        var expiresOn: LocalDate?
        if let raw = root["expiresOn"], raw != .null {
            if case .string(let text) = raw, text.utf8.count == 10, let date = LocalDate(text), date >= today {
                expiresOn = date
            } else {
                problems["expiresOn"] = "must be a date YYYY-MM-DD, today or later"
            }
        }
        guard problems.isEmpty, let megabytes else { throw .invalid(problems) }
        return TopUpRequest(megabytes: megabytes, expiresOn: expiresOn)
    }
}
