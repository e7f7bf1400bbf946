import Domain
import PropertyBased
import Testing

/// Whatever fits a schema encodes and decodes back to itself, and whatever bytes arrive either decode or are
/// refused with a `MappingError`.
@Suite("Avro round trips")
struct AvroRoundTripPropertyTests {
    private let text = Gen<UInt32>.value(in: 0...0x10FFFF).map { Character(Unicode.Scalar($0) ?? "\u{FFFD}") }.string(of: 0...12)
    private let bytes = Gen<UInt8>.value().array(of: 0...24)

    private func roundTrip(_ value: AvroValue, _ schema: AvroSchema, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let encoded = try AvroEncoder(schema: schema).encode(value)
        let decoded = try AvroDecoder(schema: schema).decode(encoded)
        #expect(decoded == value, sourceLocation: sourceLocation)
        #expect(try AvroEncoder(schema: schema).encode(decoded) == encoded, "bit for bit", sourceLocation: sourceLocation)
    }

    @Test func provisioningEventsRoundTrip() async throws {
        let schema = try Avro.schema(Avro.orderEventSchema)
        await propertyCheck(count: 300, input: Gen.int64(), text, text.optional, text.optional) { createdDate, createdBy, orderId, key in
            let value = AvroValue.record([
                .init("CreatedDate", .long(createdDate)),
                .init("CreatedById", .string(createdBy)),
                .init("orderId__c", orderId.map { .union(branch: 1, value: .string($0)) } ?? .union(branch: 0, value: .null)),
                .init("idemKey__c", key.map { .union(branch: 1, value: .string($0)) } ?? .union(branch: 0, value: .null)),
            ])
            try roundTrip(value, schema)
        }
    }

    @Test func everyPrimitiveRoundTrips() async throws {
        let schema = try Avro.schema(
            #"""
            {"type":"record","name":"P","fields":[{"name":"b","type":"boolean"},{"name":"i","type":"int"},
              {"name":"l","type":"long"},{"name":"f","type":"float"},{"name":"d","type":"double"},
              {"name":"by","type":"bytes"},{"name":"s","type":"string"}]}
            """#
        )
        // Every bit pattern but NaN's (which equals nothing): infinities, subnormals and -0 included.
        let floats = Gen<UInt32>.value().map { Float(bitPattern: $0).isNaN ? 0 : Float(bitPattern: $0) }
        let doubles = Gen<UInt64>.value().map { Double(bitPattern: $0).isNaN ? 0 : Double(bitPattern: $0) }
        let input = zip(Gen.bool, Gen.int32(), Gen.int64(), floats, doubles, bytes, text)
        await propertyCheck(count: 300, input: input) { primitives in
            let (flag, int, long, float, double, data, string) = primitives
            let value = AvroValue.record([
                .init("b", .boolean(flag)), .init("i", .int(int)), .init("l", .long(long)), .init("f", .float(float)),
                .init("d", .double(double)), .init("by", .bytes(data)), .init("s", .string(string)),
            ])
            try roundTrip(value, schema)
        }
    }

    @Test func arraysOfUnionsRoundTrip() async throws {
        let schema = AvroSchema.array(items: .union([.null, .long, .string, .double]))
        let element = Gen<AvroValue>.oneOf(
            Gen.always(AvroValue.union(branch: 0, value: .null)),
            Gen.int64().map { AvroValue.union(branch: 1, value: .long($0)) },
            text.map { AvroValue.union(branch: 2, value: .string($0)) },
            Gen.double(in: -1e300...1e300).map { AvroValue.union(branch: 3, value: .double($0)) }
        )
        await propertyCheck(count: 200, input: element.array(of: 0...40)) { elements in
            try roundTrip(.array(elements), schema)
        }
    }

    @Test func mapsOfNestedRecordsRoundTrip() async throws {
        let schema = try Avro.schema(
            #"""
            {"type":"map","values":{"type":"record","name":"Line","fields":[
              {"name":"status","type":{"type":"enum","name":"Status","symbols":["NEW","PAID","SHIPPED"]}},
              {"name":"key","type":{"type":"fixed","name":"Key","size":3}},
              {"name":"tags","type":{"type":"array","items":"string"}},
              {"name":"parent","type":["null","Status"]}]}}
            """#
        )
        let symbols = ["NEW", "PAID", "SHIPPED"]
        let line = zip(Gen.int(in: 0...2), Gen<UInt8>.value().array(of: 3), text.array(of: 0...4), Gen.int(in: -1...2)).map {
            status,
            key,
            tags,
            parent in
            AvroValue.record([
                .init("status", .enumeration(symbol: symbols[status], index: status)),
                .init("key", .bytes(key)),
                .init("tags", .array(tags.map(AvroValue.string))),
                .init(
                    "parent",
                    parent < 0 ? .union(branch: 0, value: .null) : .union(branch: 1, value: .enumeration(symbol: symbols[parent], index: parent))
                ),
            ])
        }
        await propertyCheck(count: 200, input: zip(text, line).array(of: 0...6)) { entries in
            try roundTrip(.map(entries.map { AvroValue.Entry($0.0, $0.1) }), schema)
        }
    }

    @Test func arbitraryBytesDecodeOrAreRefusedAndWhatDecodesEncodesBack() async throws {
        let schemas = [
            try Avro.schema(Avro.orderEventSchema),
            .array(items: .union([.null, .map(values: .array(items: .int)), .string])),
        ]
        await propertyCheck(count: 1000, input: Gen<UInt8>.value().array(of: 0...48), Gen.int(in: 0...1)) { input, which in
            let schema = schemas[which]
            let value: AvroValue
            do throws(MappingError) {
                value = try AvroDecoder(schema: schema).decode(input)
            } catch {
                return
            }
            let again = try AvroDecoder(schema: schema).decode(AvroEncoder(schema: schema).encode(value))
            #expect(again == value)
        }
    }
}
