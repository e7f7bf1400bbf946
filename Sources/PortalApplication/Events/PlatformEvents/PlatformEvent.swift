/// One event as the Pub/Sub stream delivered it, with the schema its payload was written with.
public struct PlatformEvent: Sendable, Equatable {
    public var id: String
    public var schemaId: String
    public var schemaJSON: String
    public var payload: [UInt8]
    public var replayId: [UInt8]

    public init(id: String, schemaId: String, schemaJSON: String, payload: [UInt8], replayId: [UInt8]) {
        self.id = id
        self.schemaId = schemaId
        self.schemaJSON = schemaJSON
        self.payload = payload
        self.replayId = replayId
    }
}
