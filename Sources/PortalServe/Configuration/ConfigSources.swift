import Configuration
import SystemPackage

/// Where configuration comes from, highest priority first: command-line options, environment variables
/// (`whmcs.defaultCurrency` is `WHMCS_DEFAULT_CURRENCY`), the secrets directory (one file per key, named with
/// dashes: `auth-hmacSecret`, the way secret managers mount them), then the JSON file (`config/development.json`).
public enum ConfigSources {
    public static let defaultFile = "config/development.json"
    /// The environment variable naming the secrets directory, when there is one.
    public static let secretsDirectoryVariable = "PORTAL_SECRETS_DIR"

    /// A reader over those sources. `file` nil means the default file, which may be absent (built-in defaults
    /// apply); a file that is named explicitly must exist, and so must a secrets directory.
    public static func reader(
        file: String?,
        overrides: [AbsoluteConfigKey: ConfigValue] = [:],
        secretsDirectory: String? = nil
    ) async throws -> ConfigReader {
        let fileProvider = try await FileProvider<JSONSnapshot>(filePath: FilePath(file ?? defaultFile), allowMissing: file == nil)
        var providers: [any ConfigProvider] = [InMemoryProvider(name: "command line", values: overrides), EnvironmentVariablesProvider()]
        if let secretsDirectory {
            providers.append(try await DirectoryFilesProvider(directoryPath: FilePath(secretsDirectory)))
        }
        providers.append(fileProvider)
        return ConfigReader(providers: providers)
    }

    /// The file `reader(file:)` reads.
    public static func file(_ file: String?) -> String { file ?? defaultFile }
}
