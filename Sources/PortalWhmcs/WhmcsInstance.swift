import Foundation

/// One WHMCS installation (one per brand): where its API is and the API credential pair to use.
public struct WhmcsInstance: Sendable {
    public let name: String
    /// The WHMCS root URL; the API is at `{baseURL}/includes/api.php`.
    public let baseURL: URL
    public let identifier: String
    /// Never logged, never part of an error.
    public let secret: String

    public init(name: String, baseURL: URL, identifier: String, secret: String) {
        self.name = name
        self.baseURL = baseURL
        self.identifier = identifier
        self.secret = secret
    }

    var apiURL: URL { baseURL.appendingPathComponent("includes").appendingPathComponent("api.php") }
}
