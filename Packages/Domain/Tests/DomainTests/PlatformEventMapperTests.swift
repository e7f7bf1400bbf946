import Domain
import Testing

/// `Providers.Salesforce.provisionRequest(fromAvro:schema:)`: the `OrderProvisionRequested__e` Platform Event's
/// Avro payload becomes an `OrderProvisionRequest`. The happy paths read bytes that fastavro wrote.
@Suite("Provisioning Platform Event mapper")
struct PlatformEventMapperTests {
    private let schema: AvroSchema

    init() throws {
        schema = try Avro.schema(Avro.orderEventSchema)
    }

    private func id(_ text: String) throws -> SalesforceId { try #require(SalesforceId(text)) }

    private func event(
        createdDate: Int64 = 1_700_000_000_000,
        createdById: String = "0055g00000AbCdE",
        orderId: String?,
        idemKey: String? = nil
    ) throws -> [UInt8] {
        let value = AvroValue.record([
            .init("CreatedDate", .long(createdDate)),
            .init("CreatedById", .string(createdById)),
            .init("orderId__c", orderId.map(AvroValue.string) ?? .null),
            .init("idemKey__c", idemKey.map(AvroValue.string) ?? .null),
        ])
        return try AvroEncoder(schema: schema).encode(value)
    }

    private func refusal(_ payload: [UInt8], schema: AvroSchema? = nil, fields: PlatformEventFields = PlatformEventFields()) -> MappingError? {
        Avro.refusal { () throws(MappingError) in
            try Providers.Salesforce.provisionRequest(fromAvro: payload, schema: schema ?? self.schema, fields: fields)
        }
    }

    @Test func fastavrosEventBecomesAProvisionRequest() throws {
        let vector = try FastavroVectors.vector(named: "order event")
        let request = try Providers.Salesforce.provisionRequest(fromAvro: vector.bytes, schema: AvroSchema.parse(vector.schemaText))
        #expect(request.orderId == (try id("8015g00000AbCdEAAV")))
        #expect(request.idempotencyKey == "prov-8015g00000AbCdE-1")
        #expect(request.createdById == "0055g00000AbCdEAAV")
        #expect(request.createdAt == Instant(millisecondsSinceEpoch: 1_767_225_600_123))
    }

    @Test func createdDateIsEpochMilliseconds() throws {
        let vector = try FastavroVectors.vector(named: "order event")
        let request = try Providers.Salesforce.provisionRequest(fromAvro: vector.bytes, schema: vector.schema)
        #expect(request.createdAt.description == "2026-01-01T00:00:00.123Z")
        let later = try Providers.Salesforce.provisionRequest(
            fromAvro: event(createdDate: 1_700_000_000_000, orderId: "8015g00000AbCdE"),
            schema: schema
        )
        #expect(later.createdAt.description == "2023-11-14T22:13:20Z")
    }

    @Test func aNullIdempotencyKeyIsAbsent() throws {
        let vector = try FastavroVectors.vector(named: "order event without idempotency key")
        let request = try Providers.Salesforce.provisionRequest(fromAvro: vector.bytes, schema: vector.schema)
        #expect(request.idempotencyKey == nil)
        #expect(request.orderId.value == "8015g00000AbCdEAAV")
    }

    @Test func idempotencyKeysAreTrimmedAndBlankOnesAreAbsent() throws {
        let padded = try Providers.Salesforce.provisionRequest(fromAvro: event(orderId: "8015g00000AbCdE", idemKey: "  k-1 \n"), schema: schema)
        #expect(padded.idempotencyKey == "k-1")
        let blank = try Providers.Salesforce.provisionRequest(fromAvro: event(orderId: "8015g00000AbCdE", idemKey: "   "), schema: schema)
        #expect(blank.idempotencyKey == nil)
        let empty = try Providers.Salesforce.provisionRequest(
            fromAvro: event(createdById: "", orderId: "8015g00000AbCdE", idemKey: ""),
            schema: schema
        )
        #expect(empty.idempotencyKey == nil)
        #expect(empty.createdById == nil)
    }

    @Test func aNullOrderIdIsRefusedAsMissing() throws {
        let vector = try FastavroVectors.vector(named: "order event without order id")
        let error = refusal(vector.bytes, schema: vector.schema)
        #expect(error?.path == "orderId__c")
        #expect(error?.reason == .missing)
    }

    @Test func anOrderIdThatIsNotASalesforceIdIsRefused() throws {
        for text in ["8015g00000AbCd", "8015g00000AbCdEAAA", "8015g00000AbCd'", ""] {
            let error = refusal(try event(orderId: text))
            #expect(error?.path == "orderId__c", "\(text)")
            #expect(error?.reason == (text.isEmpty ? .missing : .invalidValue), "\(text)")
        }
    }

    @Test func aSchemaWithoutTheOrderIdFieldIsRefusedAtThatField() throws {
        let schema = try Avro.schema(#"{"type":"record","name":"E","fields":[{"name":"CreatedDate","type":"long"}]}"#)
        let error = refusal([0x02], schema: schema)
        #expect(error?.path == "orderId__c")
        #expect(error?.reason == .missing)
    }

    @Test func anOrderIdOfAnotherTypeIsRefused() throws {
        let schema = try Avro.schema(
            #"{"type":"record","name":"E","fields":[{"name":"CreatedDate","type":"long"},{"name":"orderId__c","type":"long"}]}"#
        )
        let error = refusal([0x02, 0x02], schema: schema)
        #expect(error?.path == "orderId__c")
        #expect(error?.reason == .wrongType)
    }

    @Test func createdDatesOutsideTheRepresentableYearsAreRefused() throws {
        let error = refusal(try event(createdDate: .max, orderId: "8015g00000AbCdE"))
        #expect(error?.path == "CreatedDate")
        #expect(error?.reason == .outOfRange)
    }

    @Test func aMissingCreatedDateIsRefused() throws {
        let schema = try Avro.schema(#"{"type":"record","name":"E","fields":[{"name":"orderId__c","type":"string"}]}"#)
        let payload = try AvroEncoder(schema: schema).encode(.record([.init("orderId__c", .string("8015g00000AbCdE"))]))
        let error = refusal(payload, schema: schema)
        #expect(error?.path == "CreatedDate")
        #expect(error?.reason == .missing)
    }

    @Test func configuredFieldNamesAreRead() throws {
        let schema = try Avro.schema(
            #"{"type":"record","name":"E","fields":[{"name":"CreatedDate","type":"long"},{"name":"Order__c","type":"string"},{"name":"Key__c","type":["null","string"]}]}"#
        )
        let payload = try AvroEncoder(schema: schema).encode(
            .record([.init("CreatedDate", .long(0)), .init("Order__c", .string("8015g00000AbCdE")), .init("Key__c", .string("k"))])
        )
        let fields = PlatformEventFields(orderIdField: "Order__c", idempotencyKeyField: "Key__c")
        let request = try Providers.Salesforce.provisionRequest(fromAvro: payload, schema: schema, fields: fields)
        #expect(request.orderId.value == "8015g00000AbCdEAAV")
        #expect(request.idempotencyKey == "k")
        #expect(request.createdById == nil)
        #expect(refusal(payload, schema: schema)?.path == "orderId__c")
    }

    @Test func aPayloadThatDoesNotDecodeIsRefusedWithTheDecodersPath() throws {
        let payload = try event(orderId: "8015g00000AbCdE")
        #expect(refusal(payload + [0])?.path == "$")
        let truncated = refusal(Array(payload.dropLast(3)))
        #expect(truncated?.path == "orderId__c")
        #expect(truncated?.reason == .outOfRange)
    }

    @Test func aSchemaThatIsNotARecordIsRefused() throws {
        let error = refusal([0x02], schema: .long)
        #expect(error?.path == "$")
        #expect(error?.reason == .wrongType)
    }
}
