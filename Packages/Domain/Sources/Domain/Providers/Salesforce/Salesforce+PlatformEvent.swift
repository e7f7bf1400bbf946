extension Providers.Salesforce {
    /// Maps the Avro payload of a provisioning Platform Event (Pub/Sub API `ProducerEvent.payload`, written
    /// with `schema`). The order id is required and must be a Salesforce id; the idempotency key and creator
    /// are trimmed, empty reading as nil; `CreatedDate` is a `long` of epoch milliseconds. Each field may
    /// sit in a union with `null`.
    public static func provisionRequest(
        fromAvro payload: [UInt8],
        schema: AvroSchema,
        fields: PlatformEventFields = PlatformEventFields()
    ) throws(MappingError) -> OrderProvisionRequest {
        let event = try AvroDecoder(schema: schema).decode(payload)
        guard event.fields != nil else {
            throw MappingError(path: "$", reason: .wrongType, detail: "expected a record, found \(event.kindName)")
        }
        let orderIdText = try text(fields.orderIdField, in: event)
        guard let orderIdText else { throw MappingError(path: fields.orderIdField, reason: .missing, detail: "required Salesforce id is absent") }
        guard let orderId = SalesforceId(orderIdText) else {
            throw MappingError(
                path: fields.orderIdField,
                reason: .invalidValue,
                detail: "not a 15/18-character Salesforce id: \(orderIdText.prefix(40))"
            )
        }
        return OrderProvisionRequest(
            orderId: orderId,
            idempotencyKey: try text(fields.idempotencyKeyField, in: event),
            createdAt: try instant(fields.createdDateField, in: event),
            createdById: try text(fields.createdByIdField, in: event)
        )
    }

    /// The field's text trimmed; nil when the field is absent, null or blank.
    private static func text(_ name: String, in event: AvroValue) throws(MappingError) -> String? {
        guard let value = event[name], !value.isNull else { return nil }
        guard let text = value.string else {
            throw MappingError(path: name, reason: .wrongType, detail: "expected a string, found \(value.kindName)")
        }
        let trimmed = text.trimmed
        return trimmed.isEmpty ? nil : trimmed
    }

    private static func instant(_ name: String, in event: AvroValue) throws(MappingError) -> Instant {
        guard let value = event[name], !value.isNull else {
            throw MappingError(path: name, reason: .missing, detail: "required epoch milliseconds are absent")
        }
        guard let milliseconds = value.int64 else {
            throw MappingError(path: name, reason: .wrongType, detail: "expected a long, found \(value.kindName)")
        }
        guard let instant = Instant(millisecondsSinceEpoch: milliseconds) else {
            throw MappingError(path: name, reason: .outOfRange, detail: "\(milliseconds) ms is outside years 1–9999")
        }
        return instant
    }
}
