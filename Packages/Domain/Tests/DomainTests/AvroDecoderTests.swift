import Domain
import Testing

/// The binary encoding of the Avro 1.11 specification ("Binary Encoding"), its examples written out by hand,
/// and the malformed input a hostile or broken publisher could send.
@Suite("Avro decoder")
struct AvroDecoderTests {
    private let long = AvroSchema.long
    private let nullableString = AvroSchema.union([.null, .string])

    // MARK: Specification vectors

    @Test(
        arguments: [
            ("00", 0), ("01", -1), ("02", 1), ("03", -2), ("04", 2), ("7f", -64), ("80 01", 64),
            ("ff 7f", -8192), ("80 80 01", 8192), ("fe ff ff ff ff ff ff ff ff 01", Int64.max),
            ("ff ff ff ff ff ff ff ff ff 01", Int64.min),
        ] as [(String, Int64)]
    )
    func longsAreZigZagVarints(hex: String, value: Int64) throws {
        #expect(try Avro.decode(hex, as: .long) == .long(value))
    }

    @Test(arguments: [("00", 0), ("01", -1), ("80 01", 64), ("fe ff ff ff 0f", Int32.max), ("ff ff ff ff 0f", Int32.min)] as [(String, Int32)])
    func intsAreZigZagVarints(hex: String, value: Int32) throws {
        #expect(try Avro.decode(hex, as: .int) == .int(value))
    }

    @Test func booleansAreOneByte() throws {
        #expect(try Avro.decode("00", as: .boolean) == .boolean(false))
        #expect(try Avro.decode("01", as: .boolean) == .boolean(true))
    }

    @Test func nullTakesNoBytes() throws {
        #expect(try Avro.decode("", as: .null) == .null)
    }

    @Test func floatsAndDoublesAreLittleEndianIEEE754() throws {
        #expect(try Avro.decode("00 00 80 3f", as: .float) == .float(1))
        #expect(try Avro.decode("00 00 c0 c0", as: .float) == .float(-6))
        #expect(try Avro.decode("00 00 00 00 00 00 f0 3f", as: .double) == .double(1))
        #expect(try Avro.decode("9a 99 99 99 99 99 b9 3f", as: .double) == .double(0.1))
        #expect(try Avro.decode("00 00 00 00 00 00 f0 7f", as: .double) == .double(.infinity))
    }

    @Test func stringsAndBytesAreALengthThenTheBytes() throws {
        #expect(try Avro.decode("06 66 6f 6f", as: .string) == .string("foo"))
        #expect(try Avro.decode("00", as: .string) == .string(""))
        #expect(try Avro.decode("06 e5 b1 b1", as: .string) == .string("山"))
        #expect(try Avro.decode("04 00 ff", as: .bytes) == .bytes([0, 255]))
    }

    @Test func aUnionIsTheBranchIndexThenTheValue() throws {
        #expect(try Avro.decode("00", as: nullableString) == .union(branch: 0, value: .null))
        #expect(try Avro.decode("02 02 61", as: nullableString) == .union(branch: 1, value: .string("a")))
    }

    @Test func aRecordIsItsFieldsInSchemaOrder() throws {
        let schema = try Avro.schema(#"{"type":"record","name":"test","fields":[{"name":"a","type":"long"},{"name":"b","type":"string"}]}"#)
        #expect(try Avro.decode("36 06 66 6f 6f", as: schema) == .record([.init("a", .long(27)), .init("b", .string("foo"))]))
    }

    @Test func anEnumIsItsSymbolsIndex() throws {
        let schema = try Avro.schema(#"{"type":"enum","name":"Foo","symbols":["A","B","C","D"]}"#)
        #expect(try Avro.decode("06", as: schema) == .enumeration(symbol: "D", index: 3))
        #expect(try Avro.decode("00", as: schema) == .enumeration(symbol: "A", index: 0))
    }

    @Test func aFixedIsItsSizeInBytes() throws {
        let schema = try Avro.schema(#"{"type":"fixed","name":"Three","size":3}"#)
        #expect(try Avro.decode("01 02 03", as: schema) == .bytes([1, 2, 3]))
    }

    @Test func anArrayIsBlocksEndingWithAnEmptyOne() throws {
        #expect(try Avro.decode("04 06 36 00", as: .array(items: long)) == .array([.long(3), .long(27)]))
        #expect(try Avro.decode("02 06 02 36 00", as: .array(items: long)) == .array([.long(3), .long(27)]))
        #expect(try Avro.decode("00", as: .array(items: long)) == .array([]))
    }

    @Test func aNegativeBlockCountIsFollowedByTheBlocksByteSize() throws {
        #expect(try Avro.decode("03 04 06 36 00", as: .array(items: long)) == .array([.long(3), .long(27)]))
        #expect(try Avro.decode("01 02 06 01 02 36 00", as: .array(items: long)) == .array([.long(3), .long(27)]))
        #expect(try Avro.decode("01 06 02 61 02 00", as: .map(values: long)) == .map([.init("a", .long(1))]))
    }

    @Test func aMapIsBlocksOfKeysAndValuesInTheirOrder() throws {
        let map = AvroValue.map([.init("b", .long(1)), .init("a", .long(-1))])
        #expect(try Avro.decode("04 02 62 02 02 61 01 00", as: .map(values: long)) == map)
        #expect(try Avro.decode("00", as: .map(values: long)) == .map([]))
    }

    @Test func itemsThatTakeNoBytesAreCountedByTheBlock() throws {
        #expect(try Avro.decode("06 00", as: .array(items: .null)) == .array([.null, .null, .null]))
    }

    // MARK: Malformed input

    private func expectRefused(
        _ hex: String,
        as schema: AvroSchema,
        path: String = "$",
        reason: MappingError.Reason,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let error = Avro.decodingRefusal(hex, as: schema)
        #expect(error != nil, "accepted \(hex)", sourceLocation: sourceLocation)
        #expect(error?.path == path, "path for \(hex)", sourceLocation: sourceLocation)
        #expect(error?.reason == reason, "reason for \(hex): \(error?.description ?? "")", sourceLocation: sourceLocation)
    }

    @Test func truncatedInputIsRefused() {
        expectRefused("", as: .long, reason: .invalidValue)
        expectRefused("80", as: .long, reason: .invalidValue)
        expectRefused("ff ff", as: .int, reason: .invalidValue)
        expectRefused("", as: .boolean, reason: .invalidValue)
        expectRefused("00 00 80", as: .float, reason: .invalidValue)
        expectRefused("00 00 00 00 00 00 f0", as: .double, reason: .invalidValue)
        expectRefused("01 02", as: .fixed(.init(name: .init(name: "Three", namespace: nil), size: 3)), reason: .invalidValue)
        expectRefused("02", as: nullableString, reason: .invalidValue)
        expectRefused("04 06 36", as: .array(items: long), reason: .invalidValue)
        expectRefused("02 06", as: .array(items: long), reason: .invalidValue)
    }

    @Test func varintsLongerThanTenBytesAreRefused() {
        expectRefused("80 80 80 80 80 80 80 80 80 80 00", as: .long, reason: .invalidValue)
        expectRefused("ff ff ff ff ff ff ff ff ff ff 01", as: .long, reason: .invalidValue)
    }

    @Test func tenByteVarintsBeyondSixtyFourBitsAreRefused() {
        expectRefused("ff ff ff ff ff ff ff ff ff 02", as: .long, reason: .invalidValue)
        expectRefused("80 80 80 80 80 80 80 80 80 7f", as: .long, reason: .invalidValue)
    }

    @Test func intsLongerThanFiveBytesOrBeyond32BitsAreRefused() {
        expectRefused("80 80 80 80 80 00", as: .int, reason: .invalidValue)
        expectRefused("80 80 80 80 10", as: .int, reason: .outOfRange)
        expectRefused("81 80 80 80 10", as: .int, reason: .outOfRange)
    }

    @Test func booleanBytesOtherThanZeroOrOneAreRefused() {
        expectRefused("02", as: .boolean, reason: .invalidValue)
        expectRefused("ff", as: .boolean, reason: .invalidValue)
    }

    @Test func unionBranchesTheSchemaLacksAreRefused() {
        expectRefused("04 00", as: nullableString, reason: .outOfRange)
        expectRefused("01", as: nullableString, reason: .outOfRange)
        expectRefused("80 80 80 80 10", as: nullableString, reason: .outOfRange)
    }

    @Test func enumIndexesBeyondTheSymbolsAreRefused() throws {
        let schema = try Avro.schema(#"{"type":"enum","name":"Foo","symbols":["A","B"]}"#)
        expectRefused("04", as: schema, reason: .outOfRange)
        expectRefused("01", as: schema, reason: .outOfRange)
    }

    @Test func textThatIsNotUtf8IsRefused() {
        expectRefused("02 ff", as: .string, reason: .invalidValue)
        expectRefused("04 c0 80", as: .string, reason: .invalidValue)
        expectRefused("06 ed a0 80", as: .string, reason: .invalidValue)
        expectRefused("02 e5", as: .string, reason: .invalidValue)
    }

    @Test func bytesAfterTheDatumAreRefused() throws {
        expectRefused("00 00", as: .long, reason: .invalidValue)
        expectRefused("02 61 00", as: .string, reason: .invalidValue)
        expectRefused("01", as: .null, reason: .invalidValue)
        let error = Avro.decodingRefusal("00 00 00 00 ff", as: try Avro.schema(Avro.orderEventSchema))
        #expect(error?.path == "$")
    }

    @Test func negativeLengthsAreRefused() {
        expectRefused("01", as: .string, reason: .invalidValue)
        expectRefused("03 00 00", as: .bytes, reason: .invalidValue)
        expectRefused("01 01 02 00", as: .array(items: long), reason: .invalidValue)
    }

    @Test func lengthsBeyondTheInputAreRefusedBeforeAnythingIsAllocated() {
        expectRefused("fe ff ff ff ff ff ff ff ff 01", as: .string, reason: .outOfRange)
        expectRefused("fe ff ff ff ff ff ff ff ff 01", as: .bytes, reason: .outOfRange)
        expectRefused("0a 61 62", as: .string, reason: .outOfRange)
    }

    @Test func blockCountsBeyondTheInputAreRefused() {
        expectRefused("fe ff ff ff ff ff ff ff ff 01", as: .array(items: long), reason: .outOfRange)
        expectRefused("fe ff ff ff ff ff ff ff ff 01", as: .map(values: .null), reason: .outOfRange)
        expectRefused("08 02 04 06", as: .array(items: long), reason: .outOfRange)
        expectRefused("ff ff ff ff ff ff ff ff ff 01 00", as: .array(items: long), reason: .outOfRange)
    }

    @Test func aBlockByteSizeBeyondTheInputOrDisagreeingWithItsItemsIsRefused() {
        expectRefused("03 7e 06 36 00", as: .array(items: long), reason: .outOfRange)
        expectRefused("03 02 06 36 00", as: .array(items: long), reason: .invalidValue)
        expectRefused("03 06 06 36 00 00", as: .array(items: long), reason: .invalidValue)
    }

    @Test func itemsThatTakeNoBytesAreCappedPerDatum() throws {
        let limit = Int64(AvroDecoder.maximumEmptyItems)
        expectRefused((varint(limit + 1) + [0]).hex, as: .array(items: .null), reason: .outOfRange)
        let split = varint(limit) + varint(1) + [0]
        expectRefused(split.hex, as: .array(items: .null), reason: .outOfRange)
        #expect(try Avro.decode((varint(limit) + [0]).hex, as: .array(items: .null)).array?.count == Int(limit))
    }

    /// `depth` arrays, one inside the other, around a `long`.
    private func nestedArrays(_ depth: Int) -> AvroSchema {
        (0..<depth).reduce(AvroSchema.long) { inner, _ in .array(items: inner) }
    }

    @Test func nestingDeeperThanTheLimitIsRefused() {
        let depth = AvroDecoder.maximumDepth + 1
        let error = Avro.decodingRefusal(String(repeating: "02", count: depth) + "00", as: nestedArrays(depth))
        #expect(error?.reason == .outOfRange)
        #expect(error?.path == String(repeating: "[0]", count: AvroDecoder.maximumDepth))
    }

    @Test func nestingUpToTheLimitIsDecoded() throws {
        let depth = AvroDecoder.maximumDepth
        let hex = String(repeating: "02", count: depth - 1) + "00" + String(repeating: "00", count: depth - 1)
        var value = try Avro.decode(hex, as: nestedArrays(depth))
        for _ in 0..<(depth - 1) { value = try #require(value.array?.first) }
        #expect(value == .array([]))
    }

    // MARK: Paths

    @Test func errorsNameTheFieldPath() throws {
        let schema = try Avro.schema(
            #"""
            {"type":"record","name":"Order","fields":[
              {"name":"orderId__c","type":["null","string"]},
              {"name":"items","type":{"type":"array","items":{"type":"record","name":"Item","fields":[{"name":"sku","type":"string"}]}}},
              {"name":"attributes","type":{"type":"map","values":"boolean"}}]}
            """#
        )
        #expect(Avro.decodingRefusal("02 04 ff ff", as: schema)?.path == "orderId__c")
        #expect(Avro.decodingRefusal("00 06 02 61 02 62 02 ff", as: schema)?.path == "items[2].sku")
        #expect(Avro.decodingRefusal("00 02 02 61 00 02 02 6b 07", as: schema)?.path == "attributes.k")
        #expect(Avro.decodingRefusal("00 00 02 02 6b 01 00 ff", as: schema)?.path == "$")
    }

    private func varint(_ value: Int64) -> [UInt8] {
        var encoded = UInt64(bitPattern: (value << 1) ^ (value >> 63))
        var bytes: [UInt8] = []
        while encoded >= 0x80 {
            bytes.append(UInt8(encoded & 0x7F) | 0x80)
            encoded >>= 7
        }
        return bytes + [UInt8(encoded)]
    }
}
