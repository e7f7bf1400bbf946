import Foundation

/// Writes `json` to a new file in the temporary directory and returns its path, for configuration tests.
public func temporaryConfigFile(_ json: String) throws -> String {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("portal-bff-\(UUID().uuidString).json")
    try Data(json.utf8).write(to: url)
    return url.path
}
