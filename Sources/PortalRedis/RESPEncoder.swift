/// Commands as the RESP bytes Redis reads (`*N` then `$len` and the bytes of each argument), laid out in
/// one buffer so a whole pipeline goes to hiredis in one call.
enum RESPEncoder {
    static func encode(_ commands: [RedisCommand]) -> [UInt8] {
        var size = 0
        for command in commands {
            size += 16
            for argument in command.arguments { size += argument.count + 16 }
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(size)
        for command in commands {
            bytes.append(UInt8(ascii: "*"))
            appendDecimal(command.arguments.count, to: &bytes)
            for argument in command.arguments {
                bytes.append(UInt8(ascii: "$"))
                appendDecimal(argument.count, to: &bytes)
                bytes.append(contentsOf: argument)
                bytes.append(contentsOf: [0x0D, 0x0A])
            }
        }
        return bytes
    }

    /// `value` (not negative) in decimal, then CRLF.
    private static func appendDecimal(_ value: Int, to bytes: inout [UInt8]) {
        let start = bytes.count
        var rest = value
        repeat {
            bytes.append(UInt8(ascii: "0") + UInt8(rest % 10))
            rest /= 10
        } while rest > 0
        bytes[start...].reverse()
        bytes.append(contentsOf: [0x0D, 0x0A])
    }
}
