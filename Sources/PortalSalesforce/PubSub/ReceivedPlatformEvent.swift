/// One Platform Event as delivered: the Avro payload still encoded, with the schema it was written with.
public struct ReceivedPlatformEvent: Sendable, Equatable {
    /// One `EventHeader` of the event (`key`, raw bytes).
    public struct Header: Sendable, Equatable {
        public let key: String
        public let value: [UInt8]

        public init(key: String, value: [UInt8]) {
            self.key = key
            self.value = value
        }
    }

    /// The event's UUID (`ProducerEvent.id`).
    public let eventId: String
    public let schemaId: String
    /// The Avro schema of `schemaId`, from `GetSchema`.
    public let schemaJSON: String
    /// The Avro binary datum, no container header.
    public let payload: [UInt8]
    /// Opaque; store it once the event is durably handled, never compute with it.
    public let replayId: [UInt8]
    public let headers: [Header]

    public init(eventId: String, schemaId: String, schemaJSON: String, payload: [UInt8], replayId: [UInt8], headers: [Header]) {
        self.eventId = eventId
        self.schemaId = schemaId
        self.schemaJSON = schemaJSON
        self.payload = payload
        self.replayId = replayId
        self.headers = headers
    }
}
