import Foundation
import Logging
import Synchronization

/// A swift-log handler that writes one JSON object per line: `time` (RFC 3339, UTC, milliseconds), `level`,
/// `logger`, `message`, `source`, then the metadata as fields in key order (a metadata key that collides
/// with one of those is written as `metadata.KEY`). The line is encoded by hand into one buffer and written
/// with one call: it runs for every request, so it must cost little.
public struct JSONLogHandler: LogHandler {
    public var logLevel: Logger.Level
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    private let label: String
    private let sink: LineSink
    private static let fixedKeys: Set<String> = ["time", "level", "logger", "message", "source"]

    public init(label: String, level: Logger.Level, sink: LineSink = .standardOutput, metadataProvider: Logger.MetadataProvider? = nil) {
        self.label = label
        self.logLevel = level
        self.sink = sink
        self.metadataProvider = metadataProvider
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { _, new in new } }
        if let explicit = event.metadata { merged.merge(explicit) { _, new in new } }
        var line = JSONLine()
        line.field("time", raw: Self.timestamp(Date()))
        line.field("level", event.level.rawValue)
        line.field("logger", label)
        line.field("message", event.message.description)
        line.field("source", event.source)
        for (key, value) in merged.sorted(by: { $0.key < $1.key }) {
            line.key(Self.fixedKeys.contains(key) ? "metadata.\(key)" : key)
            line.value(value)
        }
        sink.write(line.finished())
    }

    /// `2026-11-23T19:30:28.711Z`, from the clock's seconds and milliseconds (no formatter).
    static func timestamp(_ date: Date) -> [UInt8] {
        let milliseconds = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
        var seconds = time_t(milliseconds / 1000)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        var text: [UInt8] = [UInt8(ascii: "\"")]
        func digits(_ value: Int, _ count: Int) {
            var divisor = 1
            for _ in 1..<count { divisor *= 10 }
            var rest = value
            for _ in 0..<count {
                text.append(UInt8(ascii: "0") + UInt8(rest / divisor % 10))
                rest %= divisor
                divisor /= 10
            }
        }
        digits(Int(parts.tm_year) + 1900, 4)
        text.append(UInt8(ascii: "-"))
        digits(Int(parts.tm_mon) + 1, 2)
        text.append(UInt8(ascii: "-"))
        digits(Int(parts.tm_mday), 2)
        text.append(UInt8(ascii: "T"))
        digits(Int(parts.tm_hour), 2)
        text.append(UInt8(ascii: ":"))
        digits(Int(parts.tm_min), 2)
        text.append(UInt8(ascii: ":"))
        digits(Int(parts.tm_sec), 2)
        text.append(UInt8(ascii: "."))
        digits(Int(milliseconds % 1000), 3)
        text += Array("Z\"".utf8)
        return text
    }
}

/// One JSON object built field by field into a byte buffer.
struct JSONLine {
    private var bytes: [UInt8] = [UInt8(ascii: "{")]

    mutating func key(_ key: String) {
        if bytes.count > 1 { bytes.append(UInt8(ascii: ",")) }
        string(key)
        bytes.append(UInt8(ascii: ":"))
    }

    mutating func field(_ name: String, _ text: String) {
        key(name)
        string(text)
    }

    mutating func field(_ name: String, raw: [UInt8]) {
        key(name)
        bytes += raw
    }

    mutating func value(_ metadata: Logger.Metadata.Value) {
        switch metadata {
        case .string(let text): string(text)
        case .stringConvertible(let convertible):
            switch convertible {
            // Concrete types first: a cast to an existential costs far more, and this runs for every request.
            case let number as Int: bytes += Array(String(number).utf8)
            case let number as any BinaryInteger: bytes += Array(String(Int64(clamping: number)).utf8)
            case let number as Double where number.isFinite: bytes += Array(String(number).utf8)
            case let flag as Bool: bytes += Array((flag ? "true" : "false").utf8)
            default: string(convertible.description)
            }
        case .array(let values):
            bytes.append(UInt8(ascii: "["))
            for (index, element) in values.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                value(element)
            }
            bytes.append(UInt8(ascii: "]"))
        case .dictionary(let entries):
            bytes.append(UInt8(ascii: "{"))
            for (index, (key, element)) in entries.sorted(by: { $0.key < $1.key }).enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                string(key)
                bytes.append(UInt8(ascii: ":"))
                value(element)
            }
            bytes.append(UInt8(ascii: "}"))
        }
    }

    /// A JSON string: quotes, backslashes and control characters escaped; everything else as UTF-8.
    mutating func string(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
            case UInt8(ascii: "\\"): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
            case 0x0A: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
            case 0x0D: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
            case 0x09: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                bytes += [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    consuming func finished() -> [UInt8] {
        bytes += [UInt8(ascii: "}"), 0x0A]
        return bytes
    }
}

/// Where log lines go: each line is written whole, in one call, under a lock.
public final class LineSink: Sendable {
    private let write: Mutex<@Sendable ([UInt8]) -> Void>

    public init(_ write: @escaping @Sendable ([UInt8]) -> Void) {
        self.write = Mutex(write)
    }

    /// Standard output, one `write(2)` per line.
    public static let standardOutput = LineSink { line in
        line.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Glibc.write(1, buffer.baseAddress! + offset, buffer.count - offset)
                if written <= 0 { return }
                offset += written
            }
        }
    }

    func write(_ line: [UInt8]) {
        write.withLock { $0(line) }
    }
}
