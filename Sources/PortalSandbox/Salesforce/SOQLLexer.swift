import Domain

/// A token of a SOQL statement, with its 1-based column for error messages.
struct SOQLToken: Sendable, Equatable {
    enum Kind: Sendable, Equatable {
        /// Keywords, names and dotted paths (`Account.Name`), and `true` / `false` / `null`.
        case word(String)
        /// A quoted string literal, unescaped.
        case string(String)
        /// An integer or decimal literal as written.
        case number(String)
        case date(LocalDate)
        /// Punctuation: `,`, `(`, `)`, `=`, or any other single character the grammar does not know.
        case symbol(String)
        case end
    }

    let kind: Kind
    let column: Int

    var text: String {
        switch kind {
        case .word(let word): word
        case .string(let text): "'\(text)'"
        case .number(let text): text
        case .date(let date): date.description
        case .symbol(let symbol): symbol
        case .end: "<EOF>"
        }
    }

    func isKeyword(_ keyword: String) -> Bool {
        if case .word(let word) = kind { return word.caseInsensitiveCompare(keyword) == .orderedSame }
        return false
    }
}

/// Splits a statement into tokens. Quoted strings take Salesforce's escapes (`\'`, `\\`, `\"`, `\n`, `\r`,
/// `\t`, `\b`, `\f`); an unknown escape or an unterminated string is malformed.
struct SOQLLexer {
    struct Failure: Error {
        let column: Int
        let detail: String
    }

    static func tokens(_ soql: String) throws(Failure) -> [SOQLToken] {
        let characters = Array(soql)
        var tokens: [SOQLToken] = []
        var index = 0
        func isWordCharacter(_ character: Character) -> Bool {
            character.isASCII && (character.isLetter || character.isNumber || character == "_" || character == ".")
        }
        while index < characters.count {
            let character = characters[index]
            let column = index + 1
            if character.isWhitespace {
                index += 1
            } else if character.isASCII, character.isLetter {
                let start = index
                while index < characters.count, isWordCharacter(characters[index]) { index += 1 }
                tokens.append(SOQLToken(kind: .word(String(characters[start..<index])), column: column))
            } else if character == "'" {
                tokens.append(SOQLToken(kind: .string(try string(characters, &index)), column: column))
            } else if character.isASCII,
                character.isNumber
                    || (character == "-" && index + 1 < characters.count && characters[index + 1].isASCII
                        && characters[index + 1].isNumber)
            {
                tokens.append(SOQLToken(kind: try number(characters, &index), column: column))
            } else {
                tokens.append(SOQLToken(kind: .symbol(String(character)), column: column))
                index += 1
            }
        }
        tokens.append(SOQLToken(kind: .end, column: characters.count + 1))
        return tokens
    }

    private static func string(_ characters: [Character], _ index: inout Int) throws(Failure) -> String {
        let start = index
        index += 1
        var text = ""
        while index < characters.count {
            let character = characters[index]
            index += 1
            if character == "'" { return text }
            guard character == "\\" else {
                text.append(character)
                continue
            }
            guard index < characters.count else { break }
            let escaped = characters[index]
            index += 1
            switch escaped {
            case "'", "\\", "\"": text.append(escaped)
            case "n": text.append("\n")
            case "r": text.append("\r")
            case "t": text.append("\t")
            case "b": text.append("\u{8}")
            case "f": text.append("\u{C}")
            default:
                let literal = String(characters[start..<index])
                throw Failure(
                    column: index - 1,
                    detail: "Invalid string literal '\(literal)'. Illegal character sequence '\\\(escaped)' in string literal."
                )
            }
        }
        throw Failure(column: start + 1, detail: "line 1:\(start) mismatched character '<EOF>' expecting '''")
    }

    /// `123`, `-5`, `12.50`, or a date `2024-01-15` (a datetime is not part of the grammar).
    private static func number(_ characters: [Character], _ index: inout Int) throws(Failure) -> SOQLToken.Kind {
        let start = index
        if characters[index] == "-" { index += 1 }
        func digits() { while index < characters.count, characters[index].isASCII, characters[index].isNumber { index += 1 } }
        digits()
        if index < characters.count, characters[index] == "-", characters[start] != "-" {
            while index < characters.count, characters[index].isASCII, characters[index].isNumber || characters[index] == "-" { index += 1 }
            let text = String(characters[start..<index])
            let pattern =
                text.count == 10
                && text.enumerated().allSatisfy { offset, character in
                    [4, 7].contains(offset) ? character == "-" : character.isNumber
                }
            guard pattern, let date = LocalDate(text), index >= characters.count || !isLiteralContinuation(characters[index]) else {
                throw Failure(column: start + 1, detail: "unexpected token: '\(text)'")
            }
            return .date(date)
        }
        if index + 1 < characters.count, characters[index] == ".", characters[index + 1].isNumber {
            index += 1
            digits()
        }
        guard index >= characters.count || !isLiteralContinuation(characters[index]) else {
            throw Failure(column: start + 1, detail: "unexpected token: '\(String(characters[start...index]))'")
        }
        return .number(String(characters[start..<index]))
    }

    /// A character that may not directly follow a literal (`2024-01-15T00:00:00Z`, `12abc`).
    private static func isLiteralContinuation(_ character: Character) -> Bool {
        character.isLetter || character.isNumber || character == "_" || character == "." || character == ":"
    }
}
