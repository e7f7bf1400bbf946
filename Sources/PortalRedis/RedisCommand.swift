/// One Redis command as binary-safe arguments, e.g. `RedisCommand("HGET", key, field)`.
public struct RedisCommand: Sendable, Equatable {
    /// The command's words as sent: for a script, `EVALSHA sha1 numkeys …`.
    public let arguments: [[UInt8]]
    /// The script an `EVALSHA` runs, so a connection can send its text instead where Redis lacks it.
    let script: RedisScript?

    public init(_ name: String, _ arguments: RedisArgument...) {
        self.init(name, arguments)
    }

    public init(_ name: String, _ arguments: [RedisArgument]) {
        self.arguments = [Array(name.utf8)] + arguments.map(\.bytes)
        self.script = nil
    }

    init(script: RedisScript, keys: [RedisArgument], arguments: [RedisArgument]) {
        self.arguments = [Array("EVALSHA".utf8), script.sha1, Array(String(keys.count).utf8)] + keys.map(\.bytes) + arguments.map(\.bytes)
        self.script = script
    }

    public var name: String { String(decoding: arguments.first ?? [], as: UTF8.self) }

    /// The same script call with the script's text (`EVAL`), for a connection whose Redis may not have it.
    var withScriptText: RedisCommand {
        guard let script else { return self }
        var words = arguments
        words[0] = Array("EVAL".utf8)
        words[1] = script.source
        return RedisCommand(words: words, script: script)
    }

    private init(words: [[UInt8]], script: RedisScript?) {
        self.arguments = words
        self.script = script
    }
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
