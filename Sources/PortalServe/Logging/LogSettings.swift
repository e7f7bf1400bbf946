import Configuration
import Logging
import PortalSupport

/// How the service logs. Keys: `log.level` (`trace` … `critical`, default `info`) and `log.format` (`json`,
/// one object per line for log collectors, the default; or `text` for a terminal).
struct LogSettings: Sendable, Equatable {
    enum Format: String, Sendable, CaseIterable {
        case json, text
    }

    let level: Logger.Level
    let format: Format

    init(config: ConfigReader) throws(ConfigurationError) {
        let levelName = config.string(forKey: "log.level", default: "info")
        guard let level = Logger.Level(rawValue: levelName) else {
            throw .init(key: "log.level", problem: "must be one of \(Logger.Level.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let formatName = config.string(forKey: "log.format", default: "json")
        guard let format = Format(rawValue: formatName) else {
            throw .init(key: "log.format", problem: "must be json or text")
        }
        self.level = level
        self.format = format
    }

    /// A handler factory for `LoggingSystem.bootstrap`.
    func makeHandler(label: String) -> any LogHandler {
        switch format {
        case .json: JSONLogHandler(label: label, level: level)
        case .text:
            {
                var handler = StreamLogHandler.standardOutput(label: label)
                handler.logLevel = level
                return handler
            }()
        }
    }
}
