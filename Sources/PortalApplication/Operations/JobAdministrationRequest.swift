import Domain
import Foundation
import PortalCache

/// An operator's retry or discard of a provisioning job: who, why, and for a retry after a lost
/// `AddOrder` answer whether WHMCS placed the order. The JSON body of the operator routes is
/// `{"by": "…", "reason": "…", "whmcsOrderId": 123 | "notPlaced": true}`.
public struct JobAdministrationRequest: Sendable, Equatable {
    public static let maximumReasonLength = 500
    public static let maximumNameLength = 100

    public let by: String
    public let reason: String
    public let resolution: ProvisioningQueue.Resolution

    /// The request, or every problem with it by field. `reasonRequired` for a discard.
    public init(by: String, reason: String?, whmcsOrderId: Int? = nil, notPlaced: Bool = false, reasonRequired: Bool) throws(ServiceError) {
        var problems: [String: String] = [:]
        let by = by.trimmingCharacters(in: .whitespacesAndNewlines)
        if by.isEmpty || by.count > Self.maximumNameLength || by.contains(where: \.isNewline) {
            problems["by"] = "must name who acts, in 1 to \(Self.maximumNameLength) characters on one line"
        }
        let reason = reason?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        if reason.count > Self.maximumReasonLength {
            problems["reason"] = "must be at most \(Self.maximumReasonLength) characters"
        } else if reasonRequired, reason.isEmpty {
            problems["reason"] = "must say why the job is discarded"
        }
        var resolution = ProvisioningQueue.Resolution.none
        switch (whmcsOrderId, notPlaced) {
        case (let id?, false) where id > 0: resolution = .placed(whmcsOrderId: id)
        case (nil, true): resolution = .notPlaced
        case (nil, false): break
        case (_?, true): problems["notPlaced"] = "excludes whmcsOrderId: WHMCS either placed the order or did not"
        case (_?, false): problems["whmcsOrderId"] = "must be a positive whole number"
        }
        if reasonRequired, resolution != .none { problems["whmcsOrderId"] = "applies to a retry only" }
        guard problems.isEmpty else { throw .invalid(problems) }
        self.by = by
        self.reason = reason
        self.resolution = resolution
    }

    /// The request in a JSON body; `reasonRequired` for a discard, which takes no resolution.
    public static func parse(_ body: Data, reasonRequired: Bool) throws(ServiceError) -> JobAdministrationRequest {
        guard case .object(let root)? = try? RawJSON.parse(body) else { throw .invalid(["body": "must be a JSON object"]) }
        let accepted = reasonRequired ? ["by", "reason"] : ["by", "reason", "whmcsOrderId", "notPlaced"]
        var problems: [String: String] = [:]
        for key in root.keys where !accepted.contains(key) { problems[key] = "is not accepted" }
        var by = ""
        if case .string(let text)? = root["by"] { by = text } else { problems["by"] = "must be a string naming who acts" }
        var reason: String?
        switch root["reason"] {
        case .string(let text)?: reason = text
        case nil, .null?: break
        default: problems["reason"] = "must be a string"
        }
        var whmcsOrderId: Int?
        switch root["whmcsOrderId"] {
        case .number(let literal)?:
            if let id = Int(literal) { whmcsOrderId = id } else { problems["whmcsOrderId"] = "must be a positive whole number" }
        case nil, .null?: break
        default: problems["whmcsOrderId"] = "must be a positive whole number"
        }
        var notPlaced = false
        switch root["notPlaced"] {
        case .bool(let flag)?: notPlaced = flag
        case nil, .null?: break
        default: problems["notPlaced"] = "must be true or false"
        }
        let request: JobAdministrationRequest
        do throws(ServiceError) {
            request = try JobAdministrationRequest(
                by: by,
                reason: reason,
                whmcsOrderId: whmcsOrderId,
                notPlaced: notPlaced,
                reasonRequired: reasonRequired
            )
        } catch {
            guard case .invalid(let more) = error else { throw error }
            throw .invalid(more.merging(problems) { _, parsed in parsed })
        }
        guard problems.isEmpty else { throw .invalid(problems) }
        return request
    }
}
