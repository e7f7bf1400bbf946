import Domain
import Synchronization

/// Avro schemas parsed once per schema id: the id changes whenever the event definition does.
final class PlatformEventSchemas: Sendable {
    private let parsed = Mutex<[String: AvroSchema]>([:])

    func schema(id: String, json: String) throws(MappingError) -> AvroSchema {
        if let known = parsed.withLock({ $0[id] }) { return known }
        let schema = try AvroSchema.parse(json)
        parsed.withLock { $0[id] = schema }
        return schema
    }
}
