import Domain
import Testing

/// `AvroEncoder` writes the specification's binary encoding and refuses values that do not fit the schema.
@Suite("Avro encoder")
struct AvroEncoderTests {
    private let nullableString = AvroSchema.union([.null, .string])

    @Test func valuesEncodeToTheSpecificationsBytes() throws {
        #expect(try Avro.encode(.long(0), as: .long) == "00")
        #expect(try Avro.encode(.long(-1), as: .long) == "01")
        #expect(try Avro.encode(.long(1), as: .long) == "02")
        #expect(try Avro.encode(.long(-2), as: .long) == "03")
        #expect(try Avro.encode(.long(64), as: .long) == "8001")
        #expect(try Avro.encode(.long(Int64.min), as: .long) == "ffffffffffffffffff01")
        #expect(try Avro.encode(.int(Int32.max), as: .int) == "feffffff0f")
        #expect(try Avro.encode(.string("foo"), as: .string) == "06666f6f")
        #expect(try Avro.encode(.float(1), as: .float) == "0000803f")
        #expect(try Avro.encode(.double(-0.0), as: .double) == "0000000000000080")
        #expect(try Avro.encode(.boolean(true), as: .boolean) == "01")
        #expect(try Avro.encode(.union(branch: 0, value: .null), as: nullableString) == "00")
        #expect(try Avro.encode(.union(branch: 1, value: .string("a")), as: nullableString) == "020261")
    }

    @Test func arraysAndMapsAreOneBlockThenTheEmptyBlock() throws {
        #expect(try Avro.encode(.array([.long(3), .long(27)]), as: .array(items: .long)) == "04063600")
        #expect(try Avro.encode(.array([]), as: .array(items: .long)) == "00")
        #expect(try Avro.encode(.map([.init("a", .long(1))]), as: .map(values: .long)) == "0202610200")
    }

    @Test func aValueForAUnionWithoutItsBranchTakesTheFirstBranchItFits() throws {
        #expect(try Avro.encode(.string("a"), as: nullableString) == "020261")
        #expect(try Avro.encode(.null, as: nullableString) == "00")
        #expect(try Avro.encode(.long(1), as: .union([.string, .int, .long])) == "0402")
    }

    @Test func recordFieldsAreWrittenInSchemaOrderWhateverTheValuesOrder() throws {
        let schema = try Avro.schema(#"{"type":"record","name":"test","fields":[{"name":"a","type":"long"},{"name":"b","type":"string"}]}"#)
        #expect(try Avro.encode(.record([.init("b", .string("foo")), .init("a", .long(27))]), as: schema) == "3606666f6f")
    }

    // MARK: Refusals

    private func expectRefused(
        _ value: AvroValue,
        as schema: AvroSchema,
        path: String = "$",
        reason: MappingError.Reason,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let error = Avro.encodingRefusal(value, as: schema)
        #expect(error != nil, "accepted \(value)", sourceLocation: sourceLocation)
        #expect(error?.path == path, "path for \(value): \(error?.description ?? "")", sourceLocation: sourceLocation)
        #expect(error?.reason == reason, "reason for \(value): \(error?.description ?? "")", sourceLocation: sourceLocation)
    }

    @Test func aValueOfAnotherKindIsRefused() {
        expectRefused(.int(1), as: .long, reason: .wrongType)
        expectRefused(.string("1"), as: .bytes, reason: .wrongType)
        expectRefused(.null, as: .string, reason: .wrongType)
        expectRefused(.array([.long(1), .string("x")]), as: .array(items: .long), path: "[1]", reason: .wrongType)
        expectRefused(.long(1), as: nullableString, reason: .wrongType)
    }

    @Test func recordsMustHoldExactlyTheSchemasFields() throws {
        let schema = try Avro.schema(Avro.orderEventSchema)
        let complete: [AvroValue.Field] = [
            .init("CreatedDate", .long(0)), .init("CreatedById", .string("")), .init("orderId__c", .null), .init("idemKey__c", .null),
        ]
        #expect(try Avro.encode(.record(complete), as: schema) == "00000000")
        expectRefused(.record(Array(complete.dropFirst())), as: schema, path: "CreatedDate", reason: .missing)
        expectRefused(.record(complete + [.init("extra__c", .null)]), as: schema, path: "extra__c", reason: .invalidValue)
        expectRefused(.record(complete + [.init("orderId__c", .null)]), as: schema, path: "orderId__c", reason: .invalidValue)
        expectRefused(.record(complete.dropLast() + [.init("idemKey__c", .long(1))]), as: schema, path: "idemKey__c", reason: .wrongType)
    }

    @Test func enumSymbolsMustSitAtTheirIndex() throws {
        let schema = try Avro.schema(#"{"type":"enum","name":"E","symbols":["A","B"]}"#)
        #expect(try Avro.encode(.enumeration(symbol: "B", index: 1), as: schema) == "02")
        expectRefused(.enumeration(symbol: "B", index: 0), as: schema, reason: .invalidValue)
        expectRefused(.enumeration(symbol: "C", index: 2), as: schema, reason: .invalidValue)
    }

    @Test func fixedValuesMustHaveTheFixedSize() throws {
        let schema = try Avro.schema(#"{"type":"fixed","name":"F","size":2}"#)
        #expect(try Avro.encode(.bytes([1, 2]), as: schema) == "0102")
        expectRefused(.bytes([1]), as: schema, reason: .invalidValue)
        expectRefused(.bytes([1, 2, 3]), as: schema, reason: .invalidValue)
    }

    @Test func unionBranchesTheSchemaLacksAreRefused() {
        expectRefused(.union(branch: 2, value: .null), as: nullableString, reason: .outOfRange)
        expectRefused(.union(branch: 0, value: .string("a")), as: nullableString, reason: .wrongType)
    }

    @Test func nestingDeeperThanTheDecoderAcceptsIsRefused() {
        let depth = AvroDecoder.maximumDepth + 1
        let schema = (0..<depth).reduce(AvroSchema.long) { inner, _ in .array(items: inner) }
        let value = (0..<depth).reduce(AvroValue.long(1)) { inner, _ in .array([inner]) }
        #expect(Avro.encodingRefusal(value, as: schema)?.reason == .outOfRange)
    }
}
