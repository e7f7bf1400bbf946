import Crypto

/// A Lua script sent by its SHA-1 (`EVALSHA`), so a call carries 40 bytes instead of the whole text. A
/// connection sends the text (`EVAL`, which also loads it into Redis's script cache) the first time it
/// runs the script, and again after Redis answers `NOSCRIPT` (its cache was flushed, or it restarted).
public struct RedisScript: Sendable, Hashable {
    public let source: [UInt8]
    public let sha1: [UInt8]

    public init(_ source: String) {
        self.source = Array(source.utf8)
        let digits = Array("0123456789abcdef".utf8)
        self.sha1 = Insecure.SHA1.hash(data: self.source).flatMap { byte in [digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]] }
    }
}

extension RedisCommand {
    /// Runs `script` with `keys` and `arguments`.
    public static func evaluate(_ script: RedisScript, keys: [RedisArgument], arguments: [RedisArgument]) -> RedisCommand {
        RedisCommand(script: script, keys: keys, arguments: arguments)
    }
}
