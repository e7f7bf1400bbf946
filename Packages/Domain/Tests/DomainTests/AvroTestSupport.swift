import Domain

extension [UInt8] {
    /// Bytes from hex text; spaces between bytes are allowed. Traps on anything else, as a test's typo should.
    init(hex: String) {
        let digits = [Character](hex.filter { $0 != " " })
        precondition(digits.count.isMultiple(of: 2), "odd number of hex digits in \(hex)")
        self = stride(from: 0, to: digits.count, by: 2).map { UInt8(String(digits[$0...$0 + 1]), radix: 16)! }
    }

    var hex: String { map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined() }
}

enum Avro {
    static func schema(_ text: String) throws -> AvroSchema { try AvroSchema.parse(text) }

    static func decode(_ hex: String, as schema: AvroSchema) throws(MappingError) -> AvroValue {
        try AvroDecoder(schema: schema).decode([UInt8](hex: hex))
    }

    static func encode(_ value: AvroValue, as schema: AvroSchema) throws(MappingError) -> String {
        try AvroEncoder(schema: schema).encode(value).hex
    }

    /// The error `body` throws, or nil when it succeeds.
    static func refusal<Value>(_ body: () throws(MappingError) -> Value) -> MappingError? {
        do throws(MappingError) {
            _ = try body()
            return nil
        } catch {
            return error
        }
    }

    static func decodingRefusal(_ hex: String, as schema: AvroSchema) -> MappingError? {
        refusal { () throws(MappingError) in try decode(hex, as: schema) }
    }

    static func encodingRefusal(_ value: AvroValue, as schema: AvroSchema) -> MappingError? {
        refusal { () throws(MappingError) in try encode(value, as: schema) }
    }

    static func schemaRefusal(_ text: String) -> MappingError? {
        refusal { () throws(MappingError) in try AvroSchema.parse(text) }
    }

    static let orderEventSchema = """
        {"name":"OrderProvisionRequested__e","namespace":"com.sforce.eventbus","type":"record",
         "fields":[{"name":"CreatedDate","type":"long"},{"name":"CreatedById","type":"string"},
          {"name":"orderId__c","type":["null","string"],"default":null},
          {"name":"idemKey__c","type":["null","string"],"default":null}]}
        """
}
