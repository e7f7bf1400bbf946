import Foundation
import TestSupport
import Testing

@testable import PortalSandbox

/// The sandbox's own `application/x-www-form-urlencoded` parser against vectors nobody in this repository
/// wrote: the WHATWG URL Standard's conformance data and Python's encoder.
@Suite("The sandbox's form parser")
struct FormURLEncodedTests {
    /// web-platform-tests `url/resources/urlencoded-parser-data.json` (read by `url/urlencoded-parser.any.js`,
    /// https://github.com/web-platform-tests/wpt, commit d1655f32e1b75a6f052a26647f1c108b7b4f689e), all of it.
    static let whatwgVectors: [(input: String, output: [(String, String)])] = [
        ("test", [("test", "")]),
        ("\u{FEFF}test=\u{FEFF}", [("\u{FEFF}test", "\u{FEFF}")]),
        ("%EF%BB%BFtest=%EF%BB%BF", [("\u{FEFF}test", "\u{FEFF}")]),
        ("%EF%BF%BF=%EF%BF%BF", [("\u{FFFF}", "\u{FFFF}")]),
        ("%FE%FF", [("\u{FFFD}\u{FFFD}", "")]),
        ("%FF%FE", [("\u{FFFD}\u{FFFD}", "")]),
        ("†&†=x", [("†", ""), ("†", "x")]),
        ("%C2", [("\u{FFFD}", "")]),
        ("%C2x", [("\u{FFFD}x", "")]),
        ("_charset_=windows-1252&test=%C2x", [("_charset_", "windows-1252"), ("test", "\u{FFFD}x")]),
        ("", []),
        ("a", [("a", "")]),
        ("a=b", [("a", "b")]),
        ("a=", [("a", "")]),
        ("=b", [("", "b")]),
        ("&", []),
        ("&a", [("a", "")]),
        ("a&", [("a", "")]),
        ("a&a", [("a", ""), ("a", "")]),
        ("a&b&c", [("a", ""), ("b", ""), ("c", "")]),
        ("a=b&c=d", [("a", "b"), ("c", "d")]),
        ("a=b&c=d&", [("a", "b"), ("c", "d")]),
        ("&&&a=b&&&&c=d&", [("a", "b"), ("c", "d")]),
        ("a=a&a=b&a=c", [("a", "a"), ("a", "b"), ("a", "c")]),
        ("a==a", [("a", "=a")]),
        ("a=a+b+c+d", [("a", "a b c d")]),
        ("%=a", [("%", "a")]),
        ("%a=a", [("%a", "a")]),
        ("%a_=a", [("%a_", "a")]),
        ("%61=a", [("a", "a")]),
        ("%61+%4d%4D=", [("a MM", "")]),
        ("id=0&value=%", [("id", "0"), ("value", "%")]),
        ("b=%2sf%2a", [("b", "%2sf*")]),
        ("b=%2%2af%2a", [("b", "%2*f*")]),
        ("b=%%2a", [("b", "%*")]),
    ]

    @Test(arguments: 0..<whatwgVectors.count)
    func parsesLikeTheWHATWGConformanceData(vector: Int) {
        let (input, expected) = Self.whatwgVectors[vector]
        #expect(Self.scalars(FormURLEncoded.parse(input)) == Self.scalars(expected), "input \(input.debugDescription)")
    }

    /// Values that take escaping, and names too: `&`, `=`, `+`, `%` (also before hex digits, so a double
    /// decoding would show), spaces, empty values, control characters, non-ASCII text in composed and
    /// decomposed forms, and characters outside the Basic Multilingual Plane.
    static let trickyFields: [(String, String)] = [
        ("a&b", "x&y"), ("k=v", "1+1=2"), ("plus+", "+ +"), ("percent%", "100%"), ("hex", "%41%2B%zz"),
        ("spaced name", "two  words "), ("empty", ""), ("", "no name"), ("japanese", "日本語 テキスト"),
        ("composed", "Z\u{FC}rich"), ("decomposed", "Zu\u{308}rich"), ("emoji", "👍🏽 🇯🇵"), ("controls", "line\r\nnext\ttab"),
        ("reserved", "~!*'()/?#[]@$,;:"), ("bom", "\u{FEFF}after a byte order mark"), ("nul", "a\u{0}b"), ("a&b", "repeated name"),
    ]

    @Test(arguments: ["quote_plus", "quote"])
    func decodesWhatPythonsURLEncodeMakes(quoting: String) async throws {
        let encoded = try await offThePool { try Self.pythonURLEncode(Self.trickyFields, quoteVia: quoting) }
        #expect(encoded.contains("%26") && !encoded.contains(" "), "python3 did encode: \(encoded)")
        #expect(Self.scalars(FormURLEncoded.parse(encoded)) == Self.scalars(Self.trickyFields))
    }

    /// `urllib.parse.urlencode(fields, quote_via=…)` run by python3 on this machine (standard library only).
    static func pythonURLEncode(_ fields: [(String, String)], quoteVia: String) throws -> String {
        let json = try JSONSerialization.data(withJSONObject: fields.map { [$0.0, $0.1] })
        let script =
            "import json, sys, urllib.parse as p; "
            + "sys.stdout.write(p.urlencode([tuple(f) for f in json.loads(sys.argv[1])], quote_via=getattr(p, sys.argv[2])))"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, String(decoding: json, as: UTF8.self), quoteVia]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw PythonFailed(status: process.terminationStatus) }
        return String(decoding: data, as: UTF8.self)
    }

    struct PythonFailed: Error {
        let status: Int32
    }

    /// Pairs as Unicode scalars: Swift's `==` on strings treats canonically equivalent text as equal, and
    /// the parser has to hand back exactly what was encoded.
    static func scalars(_ pairs: [(name: String, value: String)]) -> [[[Unicode.Scalar]]] {
        pairs.map { [Array($0.name.unicodeScalars), Array($0.value.unicodeScalars)] }
    }

    static func scalars(_ pairs: [(String, String)]) -> [[[Unicode.Scalar]]] {
        pairs.map { [Array($0.0.unicodeScalars), Array($0.1.unicodeScalars)] }
    }
}
