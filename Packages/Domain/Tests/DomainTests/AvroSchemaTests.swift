import Domain
import Testing

/// `AvroSchema.parse` reads the schema JSON of the Avro 1.11 specification ("Schema Declaration", "Names");
/// a schema it refuses is refused with a `MappingError` whose path points into the schema.
@Suite("Avro schema")
struct AvroSchemaTests {
    private func name(_ name: String, _ namespace: String? = nil) -> AvroSchema.Name {
        AvroSchema.Name(name: name, namespace: namespace)
    }

    @Test func theProvisioningEventSchemaParsesToItsRecord() throws {
        let schema = try Avro.schema(Avro.orderEventSchema)
        let expected = AvroSchema.record(
            .init(
                name: name("OrderProvisionRequested__e", "com.sforce.eventbus"),
                fields: [
                    .init(name: "CreatedDate", type: .long),
                    .init(name: "CreatedById", type: .string),
                    .init(name: "orderId__c", type: .union([.null, .string])),
                    .init(name: "idemKey__c", type: .union([.null, .string])),
                ]
            )
        )
        #expect(schema == expected)
        #expect(schema.name?.fullName == "com.sforce.eventbus.OrderProvisionRequested__e")
    }

    @Test(arguments: [
        ("null", AvroSchema.null), ("boolean", .boolean), ("int", .int), ("long", .long),
        ("float", .float), ("double", .double), ("bytes", .bytes), ("string", .string),
    ])
    func primitivesParseByNameAndAsObjects(name: String, schema: AvroSchema) throws {
        #expect(try Avro.schema("\"\(name)\"") == schema)
        #expect(try Avro.schema(#"{"type":"\#(name)"}"#) == schema)
    }

    @Test func logicalTypesLeaveTheUnderlyingType() throws {
        #expect(try Avro.schema(#"{"type":"long","logicalType":"timestamp-millis"}"#) == .long)
        #expect(try Avro.schema(#"{"type":"bytes","logicalType":"decimal","precision":4,"scale":2}"#) == .bytes)
        #expect(try Avro.schema(#"{"type":"string","logicalType":"uuid"}"#) == .string)
    }

    @Test func complexTypesParseToTheirParts() throws {
        #expect(try Avro.schema(#"{"type":"array","items":"int"}"#) == .array(items: .int))
        #expect(try Avro.schema(#"{"type":"map","values":["null","double"]}"#) == .map(values: .union([.null, .double])))
        #expect(try Avro.schema(#"{"type":"fixed","name":"Md5","size":16}"#) == .fixed(.init(name: name("Md5"), size: 16)))
        #expect(
            try Avro.schema(#"{"type":"enum","name":"Suit","namespace":"cards","symbols":["SPADES","HEARTS"]}"#)
                == .enumeration(.init(name: name("Suit", "cards"), symbols: ["SPADES", "HEARTS"]))
        )
    }

    @Test func namedTypesAreReferencedByNameOrFullName() throws {
        let schema = try Avro.schema(
            #"""
            {"type":"record","name":"Order","namespace":"shop","fields":[
              {"name":"a","type":{"type":"fixed","name":"Key","size":2}},
              {"name":"b","type":"Key"},
              {"name":"c","type":"shop.Key"},
              {"name":"d","type":["null","Key"]}]}
            """#
        )
        let key = AvroSchema.fixed(.init(name: name("Key", "shop"), size: 2))
        #expect(schema.recordFields.map(\.type) == [key, key, key, .union([.null, key])])
    }

    @Test func nestedNamedTypesTakeTheEnclosingNamespaceUnlessTheyNameTheirOwn() throws {
        let schema = try Avro.schema(
            #"""
            {"type":"record","name":"Outer","namespace":"a.b","fields":[
              {"name":"x","type":{"type":"enum","name":"Inner","symbols":["X"]}},
              {"name":"y","type":{"type":"enum","name":"Other","namespace":"c","symbols":["Y"]}},
              {"name":"z","type":{"type":"enum","name":"d.Third","symbols":["Z"]}},
              {"name":"w","type":{"type":"enum","name":"Bare","namespace":"","symbols":["W"]}}]}
            """#
        )
        #expect(schema.recordFields.map { $0.type.name?.fullName } == ["a.b.Inner", "c.Other", "d.Third", "Bare"])
    }

    // MARK: Refusals

    private func expectRefused(_ text: String, path: String, reason: MappingError.Reason, sourceLocation: SourceLocation = #_sourceLocation) {
        let error = Avro.schemaRefusal(text)
        #expect(error != nil, "accepted \(text)", sourceLocation: sourceLocation)
        #expect(error?.path == path, "path for \(text): \(error?.description ?? "")", sourceLocation: sourceLocation)
        #expect(error?.reason == reason, "reason for \(text): \(error?.description ?? "")", sourceLocation: sourceLocation)
    }

    @Test func anUnknownTypeNameIsRefusedAtItsPath() {
        expectRefused(
            #"{"type":"record","name":"R","fields":[{"name":"a","type":"int"},{"name":"b","type":"long"},{"name":"c","type":"Nope"}]}"#,
            path: "fields[2].type",
            reason: .invalidValue
        )
        expectRefused(#""integer""#, path: "$", reason: .invalidValue)
        expectRefused(#"{"type":"array","items":["null","Missing"]}"#, path: "items[1]", reason: .invalidValue)
    }

    @Test func aNamedTypeCannotBeReferencedBeforeItIsDefined() {
        expectRefused(
            #"{"type":"record","name":"R","fields":[{"name":"a","type":"K"},{"name":"b","type":{"type":"fixed","name":"K","size":1}}]}"#,
            path: "fields[0].type",
            reason: .invalidValue
        )
    }

    @Test func recursiveTypesAreRefused() {
        expectRefused(
            #"{"type":"record","name":"Node","fields":[{"name":"next","type":["null","Node"]}]}"#,
            path: "fields[0].type[1]",
            reason: .invalidValue
        )
    }

    @Test func malformedUnionsAreRefused() {
        expectRefused(#"["null",["int"]]"#, path: "[1]", reason: .invalidValue)
        expectRefused(#"["string","null","string"]"#, path: "[2]", reason: .invalidValue)
        expectRefused(#"[{"type":"array","items":"int"},{"type":"array","items":"long"}]"#, path: "[1]", reason: .invalidValue)
        expectRefused("[]", path: "$", reason: .invalidValue)
    }

    @Test func aUnionMayHoldTwoNamedTypesOfTheSameKind() throws {
        let schema = try Avro.schema(#"[{"type":"fixed","name":"A","size":1},{"type":"fixed","name":"B","size":1}]"#)
        #expect(schema.unionBranches.map { $0.name?.fullName } == ["A", "B"])
    }

    @Test func malformedRecordsAreRefused() {
        expectRefused(#"{"type":"record","name":"R"}"#, path: "fields", reason: .missing)
        expectRefused(#"{"type":"record","fields":[]}"#, path: "name", reason: .missing)
        expectRefused(#"{"type":"record","name":"R","fields":{}}"#, path: "fields", reason: .wrongType)
        expectRefused(#"{"type":"record","name":"R","fields":[{"name":"a"}]}"#, path: "fields[0].type", reason: .missing)
        expectRefused(#"{"type":"record","name":"R","fields":[{"type":"int"}]}"#, path: "fields[0].name", reason: .missing)
        expectRefused(#"{"type":"record","name":"R","fields":[{"name":"1a","type":"int"}]}"#, path: "fields[0].name", reason: .invalidValue)
        expectRefused(
            #"{"type":"record","name":"R","fields":[{"name":"a","type":"int"},{"name":"a","type":"long"}]}"#,
            path: "fields[1].name",
            reason: .invalidValue
        )
        expectRefused(#"{"type":"record","name":"R","fields":[7]}"#, path: "fields[0]", reason: .wrongType)
    }

    @Test func invalidNamesAreRefused() {
        expectRefused(#"{"type":"fixed","name":"a-b","size":1}"#, path: "name", reason: .invalidValue)
        expectRefused(#"{"type":"fixed","name":"a..b","size":1}"#, path: "name", reason: .invalidValue)
        expectRefused(#"{"type":"fixed","name":"K","namespace":"9x","size":1}"#, path: "name", reason: .invalidValue)
        expectRefused(#"{"type":"fixed","name":"long","size":1}"#, path: "name", reason: .invalidValue)
        expectRefused(#"{"type":"fixed","name":7,"size":1}"#, path: "name", reason: .wrongType)
    }

    @Test func aNameDefinedTwiceIsRefused() {
        expectRefused(
            #"["null",{"type":"fixed","name":"K","size":1},{"type":"enum","name":"K","symbols":["A"]}]"#,
            path: "[2].name",
            reason: .invalidValue
        )
    }

    @Test func malformedEnumsFixedsArraysAndMapsAreRefused() {
        expectRefused(#"{"type":"enum","name":"E"}"#, path: "symbols", reason: .missing)
        expectRefused(#"{"type":"enum","name":"E","symbols":["A","A"]}"#, path: "symbols[1]", reason: .invalidValue)
        expectRefused(#"{"type":"enum","name":"E","symbols":["A",""]}"#, path: "symbols[1]", reason: .invalidValue)
        expectRefused(#"{"type":"fixed","name":"F"}"#, path: "size", reason: .missing)
        expectRefused(#"{"type":"fixed","name":"F","size":-1}"#, path: "size", reason: .invalidValue)
        expectRefused(#"{"type":"fixed","name":"F","size":1.5}"#, path: "size", reason: .invalidValue)
        expectRefused(#"{"type":"array"}"#, path: "items", reason: .missing)
        expectRefused(#"{"type":"map","values":7}"#, path: "values", reason: .wrongType)
        expectRefused(#"{"items":"int"}"#, path: "type", reason: .missing)
    }

    @Test func schemaTextThatIsNotJsonIsRefusedAtTheRoot() {
        expectRefused(#"{"type":"record""#, path: "$", reason: .invalidValue)
        expectRefused("7", path: "$", reason: .wrongType)
    }

    /// Each of `levels` records holds two fields of the one before it, so the last expands to 2^levels types.
    private func doublingRecords(_ levels: Int) -> String {
        var fields = [#"{"name":"f0","type":{"type":"record","name":"T0","fields":[{"name":"a","type":"long"},{"name":"b","type":"long"}]}}"#]
        for level in 1...levels {
            let pair = #"[{"name":"a","type":"T\#(level - 1)"},{"name":"b","type":"T\#(level - 1)"}]"#
            fields.append(#"{"name":"f\#(level)","type":{"type":"record","name":"T\#(level)","fields":\#(pair)}}"#)
        }
        return #"{"type":"record","name":"Outer","fields":[\#(fields.joined(separator: ","))]}"#
    }

    @Test func referencesThatExpandBeyondTheSizeLimitAreRefused() throws {
        #expect(try Avro.schema(doublingRecords(8)) != .null)
        let error = Avro.schemaRefusal(doublingRecords(24))
        #expect(error?.reason == .outOfRange)
        #expect(error?.path.hasPrefix("fields[") == true)
    }
}

extension AvroSchema {
    fileprivate var recordFields: [Record.Field] {
        if case .record(let record) = self { record.fields } else { [] }
    }

    fileprivate var unionBranches: [AvroSchema] {
        if case .union(let branches) = self { branches } else { [] }
    }
}
