import Domain
import Foundation
import PropertyBased
import Testing

/// `RawJSON.parse` is specified by RFC 8259 (plus a tolerated leading UTF-8 byte order mark); everything it
/// refuses is refused with a `MappingError` at `$` whose reason is `invalidValue`.
@Suite("RawJSON parser")
struct RawJSONParserTests {
    private func parse(_ text: String) throws(MappingError) -> RawJSON {
        try RawJSON.parse(text)
    }

    /// The error `bytes` are refused with, or nil when they parse.
    private func refusal(_ bytes: [UInt8]) -> MappingError? {
        do throws(MappingError) {
            _ = try RawJSON.parse(bytes: bytes)
            return nil
        } catch {
            return error
        }
    }

    private func expectRefused(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) {
        expectRefused(Array(text.utf8), sourceLocation: sourceLocation)
    }

    private func expectRefused(_ bytes: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) {
        let error = refusal(bytes)
        let shown = String(decoding: bytes.prefix(60), as: UTF8.self)
        #expect(error != nil, "accepted: \(shown)", sourceLocation: sourceLocation)
        #expect(error?.path == "$", "path for: \(shown)", sourceLocation: sourceLocation)
        #expect(error?.reason == .invalidValue, "reason for: \(shown)", sourceLocation: sourceLocation)
    }

    // MARK: Valid documents

    @Test func literalsParseToTheirValues() throws {
        #expect(try parse("null") == .null)
        #expect(try parse("true") == .bool(true))
        #expect(try parse("false") == .bool(false))
    }

    @Test func stringsParseToTheirText() throws {
        #expect(try parse(#""""#) == .string(""))
        #expect(try parse(#""plain text""#) == .string("plain text"))
        #expect(try parse(#""山田 太郎""#) == .string("山田 太郎"))
    }

    @Test func arraysKeepTheirOrder() throws {
        #expect(try parse("[]") == .array([]))
        #expect(try parse(#"[1, "a", null, true, [], {}]"#) == .array([.number("1"), .string("a"), .null, .bool(true), .array([]), .object([:])]))
    }

    @Test func objectsMapTheirKeysToTheirValues() throws {
        #expect(try parse("{}") == .object([:]))
        #expect(
            try parse(#"{"a": {"b": [false]}, "c": "d", "e": 0}"#)
                == .object(["a": .object(["b": .array([.bool(false)])]), "c": .string("d"), "e": .number("0")])
        )
    }

    @Test func insignificantWhitespaceAroundAndBetweenTokensIsIgnored() throws {
        #expect(try parse(" \t\r\n{ \"a\" :\n[ 1 ,\t2 ] }\r\n ") == .object(["a": .array([.number("1"), .number("2")])]))
    }

    @Test func aScalarIsAWholeDocument() throws {
        #expect(try parse("42") == .number("42"))
        #expect(try parse(#""x""#) == .string("x"))
    }

    @Test(arguments: ["1.0816E7", "-0.0", "12.50", "0", "-0", "1e400", "1E-400", "123456789012345678901234567890", "0.000", "4.104e+4", "7.016E3"])
    func numbersKeepTheirLiteralText(_ literal: String) throws {
        #expect(try parse(literal) == .number(literal))
        #expect(try parse("[\(literal)]") == .array([.number(literal)]))
    }

    @Test func surrogatePairEscapesDecodeToOneScalar() throws {
        #expect(try parse(#""\ud83d\ude00""#) == .string("😀"))
        #expect(try parse(#""\uD83D\uDE00!""#) == .string("\u{1F600}!"))
    }

    @Test func japaneseEscapesDecode() throws {
        #expect(try parse(#""\u5c71\u7530 \u592a\u90ce""#) == .string("山田 太郎"))
        #expect(try parse(#""\u30c7\u30fc\u30bf SIM""#) == .string("データ SIM"))
    }

    @Test func shortEscapesDecodeToTheirCharacters() throws {
        #expect(try parse(#""\" \\ \/ \b \f \n \r \t""#) == .string("\" \\ / \u{8} \u{C} \n \r \t"))
    }

    @Test func escapedNulAndControlCharactersAreAllowed() throws {
        #expect(try parse(#""a\u0000b\u001F""#) == .string("a\u{0}b\u{1F}"))
    }

    @Test func aLeadingUtf8ByteOrderMarkIsSkipped() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array(#"{"result":"success"}"#.utf8)
        #expect(try RawJSON.parse(bytes: bytes) == .object(["result": .string("success")]))
        #expect(try RawJSON.parse(Data(bytes)) == .object(["result": .string("success")]))
    }

    @Test func aByteOrderMarkAnywhereButTheStartIsRefused() {
        expectRefused([0x20, 0xEF, 0xBB, 0xBF] + Array("{}".utf8))
        expectRefused(Array("{}".utf8) + [0xEF, 0xBB, 0xBF])
        expectRefused([0xEF, 0xBB, 0xBF])
    }

    @Test func theLastOfRepeatedKeysWins() throws {
        #expect(try parse(#"{"a": 1, "a": 2}"#) == .object(["a": .number("2")]))
    }

    @Test func nestingUpToTheMaximumDepthParses() throws {
        let depth = RawJSON.maximumDepth
        let text = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        var expected = RawJSON.array([])
        for _ in 1..<depth { expected = .array([expected]) }
        #expect(try parse(text) == expected)
    }

    // MARK: Refused documents

    @Test(arguments: [#"{"a":1} x"#, "{} {}", "1 2", "[1]]", "nullx", "truefalse", #""a""b""#, "{}\u{0}"])
    func trailingDataIsRefused(_ text: String) {
        expectRefused(text)
    }

    @Test(arguments: [#""\ud83d""#, #""\ude00""#, #""\ud83dx""#, #""\ud83d\u0041""#, #""\ud83d\ud83d""#, #""\ude00\ud83d""#, #""\ud83d\n""#])
    func unpairedSurrogateEscapesAreRefused(_ text: String) {
        expectRefused(text)
    }

    @Test(arguments: Array(UInt8(0x00)...UInt8(0x1F)))
    func rawControlCharactersInStringsAreRefused(_ byte: UInt8) {
        expectRefused(Array(#""a"#.utf8) + [byte] + Array(#"b""#.utf8))
        expectRefused(Array(#"{""#.utf8) + [byte] + Array(#"":1}"#.utf8))
    }

    @Test(
        arguments: [
            [0xFF], [0xC0, 0xAF], [0xE3, 0x81], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0x80], [0xF8, 0x88, 0x80, 0x80, 0x80],
        ] as [[UInt8]]
    )
    func invalidUtf8InStringsIsRefused(_ sequence: [UInt8]) {
        expectRefused([0x22] + sequence + [0x22])
        expectRefused(Array(#"{"k":""#.utf8) + sequence + Array(#""}"#.utf8))
        expectRefused(Array(#"["\n"#.utf8) + sequence + Array(#""]"#.utf8))  // the escape takes the slow path
    }

    @Test func invalidUtf8OutsideStringsIsRefused() {
        expectRefused([0xFF])
        expectRefused(Array("[1,".utf8) + [0xC3, 0xA9] + Array("]".utf8))
    }

    @Test(arguments: ["01", "-01", "00", "[01]", #"{"a":012}"#, "00.5"])
    func leadingZerosAreRefused(_ text: String) {
        expectRefused(text)
    }

    @Test(arguments: ["NaN", "-NaN", "Infinity", "-Infinity", "[NaN]", #"{"a":Infinity}"#, "nan", "inf"])
    func nonFiniteNumberWordsAreRefused(_ text: String) {
        expectRefused(text)
    }

    @Test(arguments: ["+1", ".5", "1.", "1e", "1e+", "-", "1.e5", "0x10", "1_000", "--1", "1E-"])
    func malformedNumbersAreRefused(_ text: String) {
        expectRefused(text)
    }

    @Test(arguments: ["'a'", "{'a': 1}", #"{"a": 'b'}"#, "['x']"])
    func singleQuotesAreRefused(_ text: String) {
        expectRefused(text)
    }

    @Test(arguments: ["", " ", "{", #"{"a""#, #"{"a":"#, #"{"a":1"#, #"{"a":1,"#, "[", "[1,", #""abc"#, #""\"#, #""\u12"#, "tru", "fals", "nul", "-"])
    func truncatedInputIsRefused(_ text: String) {
        expectRefused(text)
    }

    @Test(arguments: [
        "[1,]", #"{"a":1,}"#, #"{"a" 1}"#, "{1:2}", "{a:1}", #""\x""#, #""\u12G4""#, #""\U0041""#, "[1 2]", "{,}", "[,]",
        "True", "NULL", "undefined", "/* c */ 1", "\u{C}1", "\u{A0}1", #"{"a":1}\#u{85}"#,
    ])
    func otherSyntaxErrorsAreRefused(_ text: String) {
        expectRefused(text)
    }

    @Test func nestingOneDeeperThanTheMaximumIsRefused() {
        let depth = RawJSON.maximumDepth + 1
        expectRefused(String(repeating: "[", count: depth) + String(repeating: "]", count: depth))
        expectRefused(String(repeating: #"{"a":"#, count: depth) + "1" + String(repeating: "}", count: depth))
    }

    @Test func absurdNestingIsRefusedWithoutExhaustingTheStack() {
        expectRefused(String(repeating: "[", count: 200_000))
        expectRefused(String(repeating: #"{"a":["#, count: 100_000))
    }

    // MARK: Agreement

    @Test func parsingAgreesWithJSONSerializationOnEveryFixture() throws {
        let fixtures = try Fixture.all()
        #expect(fixtures.count >= 20)
        for fixture in fixtures {
            let raw = try RawJSON.parse(fixture.data)
            let foundation = try JSONSerialization.jsonObject(with: fixture.data, options: [.fragmentsAllowed])
            expectSameStructure(raw, foundation, path: fixture.name)
        }
    }

    private func expectSameStructure(_ raw: RawJSON, _ foundation: Any, path: String) {
        switch raw {
        case .null:
            #expect(foundation is NSNull, "\(path): null")
        case .bool(let flag):
            #expect((foundation as? Bool) == flag, "\(path): \(flag)")
        case .number(let literal):
            guard let number = foundation as? NSNumber else {
                Issue.record("\(path): JSONSerialization did not read a number for \(literal)")
                return
            }
            let ours = Decimal(string: literal)
            #expect(ours != nil, "\(path): \(literal) is a decimal")
            #expect(ours == Decimal(string: number.stringValue), "\(path): \(literal) vs \(number)")
        case .string(let text):
            #expect((foundation as? String) == text, "\(path): string")
        case .array(let elements):
            guard let others = foundation as? [Any] else {
                Issue.record("\(path): JSONSerialization did not read an array")
                return
            }
            #expect(elements.count == others.count, "\(path): array length")
            for (index, (element, other)) in zip(elements, others).enumerated() {
                expectSameStructure(element, other, path: "\(path)[\(index)]")
            }
        case .object(let fields):
            guard let others = foundation as? [String: Any] else {
                Issue.record("\(path): JSONSerialization did not read an object")
                return
            }
            #expect(Set(fields.keys) == Set(others.keys), "\(path): keys")
            for (key, value) in fields {
                guard let other = others[key] else { continue }
                expectSameStructure(value, other, path: "\(path).\(key)")
            }
        }
    }

    /// Any document, written as JSON text with random escaping and spacing, parses back to itself.
    @Test func writtenDocumentsParseBackToThemselves() async {
        let input = Generator<(RawJSON, String), Shrink.None<(RawJSON, String)>>(run: { rng in
            let document = ArbitraryRawJSON.document(using: &rng)
            var writer = JSONTextWriter(rng: rng)
            let text = writer.write(document)
            rng = writer.rng
            return (document, text)
        })
        await propertyCheck(count: 500, input: input) { document, text in
            do throws(MappingError) {
                let parsed = try RawJSON.parse(text)
                #expect(parsed == document, "text: \(text)")
            } catch {
                Issue.record("\(error) for text: \(text)")
            }
        }
    }

    /// Escaping every scalar as `\uXXXX` (surrogate pairs beyond the BMP) yields the same string as writing it raw.
    @Test func escapedAndRawStringsParseAlike() async {
        let scalars = Gen<UInt32>.value(in: 0x20...0x10FFFF).compactMap { Unicode.Scalar($0) }.array(of: 0...12)
        await propertyCheck(count: 500, input: scalars) { scalars in
            let text = String(String.UnicodeScalarView(scalars))
            var escaped = "\""
            for unit in text.utf16 { escaped += "\\u" + String(unit, radix: 16).leftPadded(to: 4) }
            escaped += "\""
            var raw = "\""
            for scalar in scalars {
                raw += scalar == "\"" ? "\\\"" : scalar == "\\" ? "\\\\" : String(scalar)
            }
            raw += "\""
            #expect((try? RawJSON.parse(escaped)) == .string(text))
            #expect((try? RawJSON.parse(raw)) == .string(text))
        }
    }
}

/// Writes raw JSON as text, choosing at random between equivalent spellings: escapes or raw characters,
/// upper- or lower-case hex, `\/` or `/`, and where white space goes.
private struct JSONTextWriter {
    var rng: any SeededRandomNumberGenerator

    private mutating func chance(_ percent: Int) -> Bool {
        Int.random(in: 0..<100, using: &rng) < percent
    }

    private mutating func space() -> String {
        guard chance(30) else { return "" }
        var text = ""
        for _ in 0..<Int.random(in: 1...3, using: &rng) { text += [" ", "\t", "\n", "\r"][Int.random(in: 0..<4, using: &rng)] }
        return text
    }

    private mutating func hex(_ unit: UInt16) -> String {
        let digits = String(unit, radix: 16).leftPadded(to: 4)
        return "\\u" + (chance(50) ? digits.uppercased() : digits)
    }

    mutating func string(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "/": out += chance(30) ? "\\/" : "/"
            case "\n" where chance(50): out += "\\n"
            case "\t" where chance(50): out += "\\t"
            case "\r" where chance(50): out += "\\r"
            case "\u{8}" where chance(50): out += "\\b"
            case "\u{C}" where chance(50): out += "\\f"
            case _ where scalar.value < 0x20 || chance(15):
                for unit in String(scalar).utf16 { out += hex(unit) }
            default:
                out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    mutating func write(_ value: RawJSON) -> String {
        let body: String
        switch value {
        case .null: body = "null"
        case .bool(let flag): body = flag ? "true" : "false"
        case .number(let literal): body = literal
        case .string(let text): body = string(text)
        case .array(let elements):
            var parts: [String] = []
            for element in elements { parts.append(write(element)) }
            body = "[" + space() + parts.joined(separator: "," + space()) + space() + "]"
        case .object(let fields):
            var parts: [String] = []
            for (key, element) in fields { parts.append(string(key) + space() + ":" + space() + write(element)) }
            body = "{" + space() + parts.joined(separator: space() + ",") + space() + "}"
        }
        return space() + body + space()
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        String(repeating: "0", count: max(0, width - count)) + self
    }
}
