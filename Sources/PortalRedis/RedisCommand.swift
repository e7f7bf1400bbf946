/// One Redis command as binary-safe arguments, e.g. `RedisCommand("HGET", key, field)`.
public struct RedisCommand: Sendable, Equatable {
    public let arguments: [[UInt8]]

    public init(_ name: String, _ arguments: RedisArgument...) {
        self.init(name, arguments)
    }

    public init(_ name: String, _ arguments: [RedisArgument]) {
        self.arguments = [Array(name.utf8)] + arguments.map(\.bytes)
    }

    public var name: String { String(decoding: arguments.first ?? [], as: UTF8.self) }
}

/// A command argument: text, bytes or a number, sent as bytes.
public struct RedisArgument: Sendable, Equatable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral {
    public let bytes: [UInt8]

    public init(_ bytes: [UInt8]) { self.bytes = bytes }
    public init(_ text: String) { self.bytes = Array(text.utf8) }
    public init(_ number: Int) { self.bytes = Array(String(number).utf8) }
    public init(_ number: Int64) { self.bytes = Array(String(number).utf8) }
    public init(stringLiteral text: String) { self.init(text) }
    public init(integerLiteral number: Int) { self.init(number) }
}
