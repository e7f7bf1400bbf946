import Foundation

/// How the BFF signs in to Salesforce: the OAuth 2.0 JWT bearer flow of a connected app.
public struct SalesforceCredentials: Sendable {
    /// Where tokens are issued: `https://login.salesforce.com` (production) or `https://test.salesforce.com`.
    public let loginURL: URL
    /// The assertion's `aud`: the login host, as Salesforce expects it.
    public let audience: String
    /// The connected app's consumer key (the assertion's `iss`).
    public let clientId: String
    /// The integration user (the assertion's `sub`).
    public let username: String
    /// The PEM private key whose certificate the connected app holds. Never logged.
    public let privateKeyPEM: String
    public let apiVersion: String

    public init(loginURL: URL, audience: String, clientId: String, username: String, privateKeyPEM: String, apiVersion: String = "v61.0") {
        self.loginURL = loginURL
        self.audience = audience
        self.clientId = clientId
        self.username = username
        self.privateKeyPEM = privateKeyPEM
        self.apiVersion = apiVersion
    }
}
