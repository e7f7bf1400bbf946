/// `$_POST` as PHP fills it from a form body's pairs, which is what WHMCS reads (PHP 8's
/// `php_register_variable_ex` in `main/php_variables.c`). Where PHP departs from the WHATWG pairs:
/// - a name ends at its first NUL and loses its leading spaces; an empty name is dropped;
/// - before the first `[`, `.` and space become `_` (`a.b c` is `a_b_c`);
/// - `a[k]=v` sets key `k` of array `a`, `a[]=v` appends, `a[k][j]=v` nests; after a `]` anything but `[`
///   is ignored; a first `[` without its `]` becomes `_` like `.` and space after it (`a[b.c` is `a_b_c`);
///   an unclosed deeper `[` is ignored; deeper than 64 levels drops the variable (`max_input_nesting_level`);
/// - a later value of the same name replaces the earlier one in its place.
/// Unlike PHP, whose strings are bytes, values are text: bytes that are not UTF-8 arrive as U+FFFD.
struct PHPPostVariables: Sendable, Equatable {
    static let maxNestingLevel = 64

    private(set) var variables = PHPArray()

    init(_ pairs: [(name: String, value: String)]) {
        for pair in pairs { register(Array(pair.name.utf8), .string(pair.value)) }
    }

    /// The plain values, by name.
    var strings: [String: String] {
        Dictionary(
            uniqueKeysWithValues: variables.keys.compactMap { key in
                guard case .string(let value) = variables[key] else { return nil }
                return (Self.name(key), value)
            }
        )
    }

    /// The arrays (`pid[0]=12`), by name: their plain values in PHP's order.
    var lists: [String: [String]] {
        Dictionary(
            uniqueKeysWithValues: variables.keys.compactMap { key in
                guard case .array(let array) = variables[key] else { return nil }
                return (Self.name(key), array.orderedValues.compactMap { if case .string(let text) = $0 { text } else { nil } })
            }
        )
    }

    private static func name(_ key: PHPArray.Key) -> String {
        switch key {
        case .int(let number): String(number)
        case .string(let text): text
        }
    }

    private mutating func register(_ rawName: [UInt8], _ value: PHPArray.Value) {
        let name = Array(rawName.prefix { $0 != 0 }.drop { $0 == space })
        let open = name.firstIndex(of: openBracket) ?? name.endIndex
        let base = name[..<open].map { $0 == space || $0 == dot ? underscore : $0 }
        guard !base.isEmpty else { return }
        let baseKey = PHPArray.Key(Self.text(base))
        guard open < name.endIndex else { return variables.set(value, for: baseKey) }

        var path: [PHPArray.Key?] = [baseKey]
        var position = open
        while true {
            guard path.count <= Self.maxNestingLevel else { return variables.remove(baseKey) }
            let indexStart = position + 1
            var cursor = indexStart
            if cursor < name.endIndex, Self.isCSpace(name[cursor]) { cursor += 1 }
            if cursor < name.endIndex, name[cursor] == closeBracket {
                path.append(nil)
                position = cursor
            } else if let close = name[cursor...].firstIndex(of: closeBracket) {
                path.append(PHPArray.Key(Self.text(name[indexStart..<close])))
                position = close
            } else if path.count == 1 {
                let rest = name[indexStart...].map { $0 == space || $0 == dot || $0 == openBracket ? underscore : $0 }
                return variables.set(value, for: PHPArray.Key(Self.text(base + [underscore] + rest)))
            } else {
                return variables.assign(value, at: path)
            }
            position += 1
            guard position < name.endIndex, name[position] == openBracket else { return variables.assign(value, at: path) }
        }
    }

    private static func text(_ bytes: some Collection<UInt8>) -> String { String(decoding: bytes, as: UTF8.self) }

    /// C's `isspace`.
    private static func isCSpace(_ byte: UInt8) -> Bool { byte == 0x20 || (0x09...0x0D).contains(byte) }
}

private let space = UInt8(ascii: " ")
private let dot = UInt8(ascii: ".")
private let underscore = UInt8(ascii: "_")
private let openBracket = UInt8(ascii: "[")
private let closeBracket = UInt8(ascii: "]")
