import Domain
import Foundation

/// One record of an sObject Tree request: its reference id, its fields, and its child records by
/// relationship name (`"OrderItems": {"records": [...]}`).
struct SalesforceTreeRecord: Sendable {
    let referenceId: String
    var fields: [String: SalesforceValue]
    let children: [(relationship: String, records: [SalesforceTreeRecord])]

    /// The root records of a `POST /composite/tree/{object}` body `{"records": [...]}`; at most 200 records
    /// in all, as Salesforce allows, each with `attributes.type` and a unique `attributes.referenceId`.
    static func roots(_ body: Data, object: SObjectType) throws(SalesforceTreeFailure) -> [SalesforceTreeRecord] {
        guard case .object(let root)? = try? RawJSON.parse(body), case .array(let records)? = root["records"], !records.isEmpty else {
            throw SalesforceTreeFailure(
                referenceId: nil,
                SalesforceFailure("JSON_PARSER_ERROR", "The request body must hold a non-empty records list.")
            )
        }
        var seen = Set<String>()
        let roots = try records.map { raw throws(SalesforceTreeFailure) in try record(raw, object: object, seen: &seen) }
        guard seen.count <= 200 else {
            throw SalesforceTreeFailure(referenceId: nil, SalesforceFailure("LIMIT_EXCEEDED", "An sObject tree holds at most 200 records."))
        }
        return roots
    }

    private static func record(_ raw: RawJSON, object: SObjectType, seen: inout Set<String>) throws(SalesforceTreeFailure) -> SalesforceTreeRecord {
        guard case .object(let members) = raw, case .object(let attributes)? = members["attributes"],
            case .string(let referenceId)? = attributes["referenceId"], !referenceId.isEmpty
        else {
            throw SalesforceTreeFailure(referenceId: nil, SalesforceFailure("INVALID_INPUT", "Every record needs attributes with a referenceId."))
        }
        guard seen.insert(referenceId).inserted else {
            throw SalesforceTreeFailure(
                referenceId: referenceId,
                SalesforceFailure("INVALID_INPUT", "Duplicate ReferenceId provided in the request.")
            )
        }
        guard case .string(let type)? = attributes["type"], type.caseInsensitiveCompare(object.name) == .orderedSame else {
            throw SalesforceTreeFailure(referenceId: referenceId, SalesforceFailure("INVALID_TYPE", "The record's type must be \(object.name)."))
        }
        var plain: [String: RawJSON] = [:]
        var children: [(relationship: String, records: [SalesforceTreeRecord])] = []
        for (name, value) in members.sorted(by: { $0.key < $1.key }) where name != "attributes" {
            guard let link = object.child(name) else {
                plain[name] = value
                continue
            }
            guard let childObject = SalesforceSchema.object(link.object), case .object(let nested) = value, case .array(let rows)? = nested["records"]
            else {
                throw SalesforceTreeFailure(referenceId: referenceId, SalesforceFailure("INVALID_INPUT", "\(name) must hold a records list."))
            }
            children.append((link.name, try rows.map { row throws(SalesforceTreeFailure) in try record(row, object: childObject, seen: &seen) }))
        }
        do {
            return SalesforceTreeRecord(
                referenceId: referenceId,
                fields: try SalesforceRecordInput.fields(plain, object: object, creating: true),
                children: children
            )
        } catch {
            throw SalesforceTreeFailure(referenceId: referenceId, error)
        }
    }
}

/// Why an sObject Tree request created nothing, and which record it was about: answered HTTP 400 with
/// `{"hasErrors": true, "results": [{"referenceId", "errors": [{"statusCode", "message", "fields"}]}]}`.
struct SalesforceTreeFailure: Error, Sendable {
    let referenceId: String?
    let failure: SalesforceFailure

    init(referenceId: String?, _ failure: SalesforceFailure) {
        self.referenceId = referenceId
        self.failure = failure
    }

    var json: JSONValue {
        let error = JSONValue.object([
            ("statusCode", .string(failure.errorCode)), ("message", .string(failure.message)),
            ("fields", .array((failure.fields ?? []).map(JSONValue.string))),
        ])
        return .object([
            ("hasErrors", .bool(true)),
            ("results", .array([.object([("referenceId", referenceId.map(JSONValue.string) ?? .null), ("errors", .array([error]))])])),
        ])
    }
}
