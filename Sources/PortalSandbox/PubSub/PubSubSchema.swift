import Crypto
import Domain
import Foundation

/// One version of a Platform Event's Avro schema, as `GetSchema` serves it: the schema JSON, its parsed form
/// (for encoding payloads) and its id, a fingerprint of the JSON (base64url of the first 16 bytes of its
/// SHA-256, 22 characters like Salesforce's ids), so a changed event definition gets a new id.
struct PubSubSchema: Sendable {
    let json: String
    let avro: AvroSchema
    let id: String

    init(json: String) {
        self.json = json
        do {
            avro = try AvroSchema.parse(json)
        } catch {
            preconditionFailure("the sandbox's event schema does not parse: \(error)")
        }
        id = Self.fingerprint(json)
    }

    /// The record's fields, in the order the payload writes them.
    var fields: [AvroSchema.Record.Field] {
        if case .record(let record) = avro { record.fields } else { [] }
    }

    static func fingerprint(_ json: String) -> String {
        Data(SHA256.hash(data: Data(json.utf8)).prefix(16)).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
