import Foundation
import Logging
import Synchronization

/// A swift-log handler that writes one JSON object per line: `time` (RFC 3339, UTC, milliseconds), `level`,
/// `logger`, `message`, `source`, then the metadata as top-level fields (a metadata key that collides with
/// one of those is written as `metadata.KEY`).
public struct JSONLogHandler: LogHandler {
    public var logLevel: Logger.Level
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    private let label: String
    private let sink: LineSink

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
        var line: [String: Any] = [
            "time": Self.timestamp(Date()), "level": event.level.rawValue, "logger": label, "message": event.message.description,
            "source": event.source,
        ]
        for (key, value) in merged {
            line[line[key] == nil ? key : "metadata.\(key)"] = Self.json(value)
        }
        guard var data = try? JSONSerialization.data(withJSONObject: line, options: [.sortedKeys, .withoutEscapingSlashes]) else { return }
        data.append(0x0A)
        sink.write(data)
    }

    static func json(_ value: Logger.Metadata.Value) -> Any {
        switch value {
        case .string(let text): text
        case .stringConvertible(let convertible):
            switch convertible {
            case let number as any BinaryInteger: Int64(clamping: number)
            case let number as Double where number.isFinite: number
            case let flag as Bool: flag
            default: convertible.description
            }
        case .array(let values): values.map(json)
        case .dictionary(let entries): entries.mapValues(json)
        }
    }

    private static func timestamp(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }
}

/// Where log lines go: each line is written whole, in one call, under a lock.
public final class LineSink: Sendable {
    private let write: Mutex<@Sendable (Data) -> Void>

    public init(_ write: @escaping @Sendable (Data) -> Void) {
        self.write = Mutex(write)
    }

    public static let standardOutput = LineSink { FileHandle.standardOutput.write($0) }

    func write(_ data: Data) {
        write.withLock { $0(data) }
    }
}
