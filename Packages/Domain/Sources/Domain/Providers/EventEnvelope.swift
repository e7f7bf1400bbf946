/// The envelope our webhook senders wrap every event in:
/// `{"id": "<unique>", "event": "<name>", "occurredAt": "<RFC 3339>", "data": {…}}`.
struct EventEnvelope {
    static let maximumIdLength = 200

    let id: String
    let name: String
    let occurredAt: Instant
    let data: ObjectReader

    init(_ raw: RawJSON) throws(MappingError) {
        let root = try ObjectReader(raw)
        let id = try root.text("id")
        guard id.utf8.count <= Self.maximumIdLength else {
            throw root.failure("id", .outOfRange, "an event id is at most \(Self.maximumIdLength) bytes")
        }
        self.id = id
        name = try root.text("event")
        occurredAt = try root.instant("occurredAt")
        if let data = try root.optionalObject("data") {
            self.data = data
        } else {
            data = try ObjectReader(.object([:]), path: root.path.appending("data"))
        }
    }
}
