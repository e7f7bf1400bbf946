import Configuration
import Foundation
import Logging
import PortalSupport

/// How the service logs. Keys: `log.level` (`trace` … `critical`, default `info`) and `log.format` (`auto`,
/// the default: `text` when standard output is a terminal, else `json`; `json`, one object per line for log
/// collectors; or `text`, lines for a person).
struct LogSettings: Sendable, Equatable {
    enum Format: String, Sendable, CaseIterable {
        case json, text
    }

    let level: Logger.Level
    let format: Format

    /// `log.format` is `auto` (text when standard output is a terminal, JSON otherwise), `json` or `text`.
    init(config: ConfigReader, standardOutputIsTerminal: Bool = isatty(STDOUT_FILENO) != 0) throws(ConfigurationError) {
        let levelName = config.string(forKey: "log.level", default: "info")
        guard let level = Logger.Level(rawValue: levelName) else {
            throw .init(key: "log.level", problem: "must be one of \(Logger.Level.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let formatName = config.string(forKey: "log.format", default: "auto")
        let format: Format
        if formatName == "auto" {
            format = standardOutputIsTerminal ? .text : .json
        } else if let named = Format(rawValue: formatName) {
            format = named
        } else {
            throw .init(key: "log.format", problem: "must be auto, json or text")
        }
        self.level = level
        self.format = format
    }

    /// A handler factory for `LoggingSystem.bootstrap`.
    func makeHandler(label: String, metadataProvider: Logger.MetadataProvider?) -> any LogHandler {
        switch format {
        case .json: JSONLogHandler(label: label, level: level, metadataProvider: metadataProvider)
        case .text:
            {
                var handler = StreamLogHandler.standardOutput(label: label, metadataProvider: metadataProvider)
                handler.logLevel = level
                return handler
            }()
        }
    }
}
