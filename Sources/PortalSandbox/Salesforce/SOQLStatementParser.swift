import Domain
import Foundation

/// A SOQL statement in the subset the BFF's `SOQLQuery` writes:
/// `SELECT f, Rel.f, (SELECT … FROM ChildRel [WHERE …] [ORDER BY …] [LIMIT n]) FROM Object [WHERE c AND c …]
/// [ORDER BY f [ASC|DESC]] [LIMIT n]`, conditions `f = literal` and `f IN (literal, …)`.
struct SOQLStatement: Sendable {
    /// A field path or object name as written, where it was written.
    struct Name: Sendable {
        let text: String
        let column: Int
    }

    enum Literal: Sendable, Equatable {
        case text(String)
        case number(Decimal)
        case boolean(Bool)
        case date(LocalDate)
        case null
    }

    enum Item: Sendable {
        case field(Name)
        case subquery(SOQLStatement)
    }

    struct Condition: Sendable {
        let field: Name
        let values: [(literal: Literal, column: Int)]
    }

    struct Order: Sendable {
        let field: Name
        let descending: Bool
    }

    let items: [Item]
    let object: Name
    let conditions: [Condition]
    let order: Order?
    let limit: Int?
}

/// Parses `SOQLStatement`s; anything outside the grammar is a `MALFORMED_QUERY`.
struct SOQLStatementParser {
    /// Words that cannot be a name. `ORDER` is not among them: `Order` is an object (`FROM Order ORDER BY …`).
    private static let reserved: Set<String> = [
        "SELECT", "FROM", "WHERE", "AND", "OR", "NOT", "IN", "LIKE", "BY", "ASC", "DESC", "LIMIT", "OFFSET", "GROUP",
        "HAVING", "NULLS", "TRUE", "FALSE", "NULL", "INCLUDES", "EXCLUDES", "WITH", "FOR", "USING", "TYPEOF",
    ]

    private let soql: String
    private let tokens: [SOQLToken]
    private var position = 0

    static func parse(_ soql: String) throws(SalesforceFailure) -> SOQLStatement {
        let tokens: [SOQLToken]
        do {
            tokens = try SOQLLexer.tokens(soql)
        } catch {
            throw .query("MALFORMED_QUERY", soql, column: error.column, error.detail)
        }
        var parser = SOQLStatementParser(soql: soql, tokens: tokens)
        let statement = try parser.statement(nested: false)
        try parser.expect { $0.kind == .end }
        return statement
    }

    private init(soql: String, tokens: [SOQLToken]) {
        self.soql = soql
        self.tokens = tokens
    }

    private var current: SOQLToken { tokens[position] }

    private func unexpected() -> SalesforceFailure {
        .query("MALFORMED_QUERY", soql, column: current.column, "unexpected token: \(current.text)")
    }

    private mutating func expect(_ test: (SOQLToken) -> Bool) throws(SalesforceFailure) {
        guard test(current) else { throw unexpected() }
        position += 1
    }

    private mutating func keyword(_ word: String) throws(SalesforceFailure) {
        try expect { $0.isKeyword(word) }
    }

    private mutating func symbol(_ symbol: String) throws(SalesforceFailure) {
        try expect { $0.kind == .symbol(symbol) }
    }

    /// Consumes the keyword when it comes next.
    private mutating func accept(_ word: String) -> Bool {
        guard current.isKeyword(word) else { return false }
        position += 1
        return true
    }

    private mutating func name() throws(SalesforceFailure) -> SOQLStatement.Name {
        guard case .word(let word) = current.kind, !Self.reserved.contains(word.uppercased()),
            !word.hasSuffix("."), !word.contains("..")
        else { throw unexpected() }
        defer { position += 1 }
        return SOQLStatement.Name(text: word, column: current.column)
    }

    private mutating func statement(nested: Bool) throws(SalesforceFailure) -> SOQLStatement {
        try keyword("SELECT")
        var items: [SOQLStatement.Item] = []
        while true {
            if current.kind == .symbol("("), !nested {
                position += 1
                items.append(.subquery(try statement(nested: true)))
                try symbol(")")
            } else {
                items.append(.field(try name()))
            }
            guard current.kind == .symbol(",") else { break }
            position += 1
        }
        try keyword("FROM")
        let object = try name()
        var conditions: [SOQLStatement.Condition] = []
        if accept("WHERE") {
            repeat { conditions.append(try condition()) } while accept("AND")
        }
        var order: SOQLStatement.Order?
        if accept("ORDER") {
            try keyword("BY")
            let field = try name()
            let descending = accept("DESC")
            if !descending { _ = accept("ASC") }
            order = SOQLStatement.Order(field: field, descending: descending)
        }
        var limit: Int?
        if accept("LIMIT") {
            guard case .number(let text) = current.kind, let value = Int(text), value >= 0 else { throw unexpected() }
            position += 1
            limit = value
        }
        return SOQLStatement(items: items, object: object, conditions: conditions, order: order, limit: limit)
    }

    private mutating func condition() throws(SalesforceFailure) -> SOQLStatement.Condition {
        let field = try name()
        if current.kind == .symbol("=") {
            position += 1
            return SOQLStatement.Condition(field: field, values: [try literal()])
        }
        try keyword("IN")
        try symbol("(")
        var values = [try literal()]
        while current.kind == .symbol(",") {
            position += 1
            values.append(try literal())
        }
        try symbol(")")
        return SOQLStatement.Condition(field: field, values: values)
    }

    private mutating func literal() throws(SalesforceFailure) -> (literal: SOQLStatement.Literal, column: Int) {
        let column = current.column
        let literal: SOQLStatement.Literal
        switch current.kind {
        case .string(let text): literal = .text(text)
        case .number(let text):
            guard let number = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")) else { throw unexpected() }
            literal = .number(number)
        case .date(let date): literal = .date(date)
        case .word(let word) where word.lowercased() == "true": literal = .boolean(true)
        case .word(let word) where word.lowercased() == "false": literal = .boolean(false)
        case .word(let word) where word.lowercased() == "null": literal = .null
        default: throw unexpected()
        }
        position += 1
        return (literal, column)
    }
}
