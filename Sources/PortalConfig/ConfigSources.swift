import Configuration
import SystemPackage

/// Where configuration comes from, highest priority first: command-line options, environment variables
/// (`whmcs.defaultCurrency` is `WHMCS_DEFAULT_CURRENCY`), then the JSON file (`config/development.json`).
public enum ConfigSources {
    public static let defaultFile = "config/development.json"

    /// A reader over those sources. `file` nil means the default file, which may be absent (built-in defaults
    /// apply); a file that is named explicitly must exist.
    public static func reader(file: String?, overrides: [AbsoluteConfigKey: ConfigValue] = [:]) async throws -> ConfigReader {
        let fileProvider = try await FileProvider<JSONSnapshot>(filePath: FilePath(file ?? defaultFile), allowMissing: file == nil)
        return ConfigReader(providers: [
            InMemoryProvider(name: "command line", values: overrides),
            EnvironmentVariablesProvider(),
            fileProvider,
        ])
    }
}
