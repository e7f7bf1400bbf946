import Foundation

/// Where Freebit's API is and the OEM credentials that obtain auth keys. The key is never logged.
public struct FreebitCredentials: Sendable {
    public let baseURL: URL
    public let oemId: String
    public let oemKey: String

    public init(baseURL: URL, oemId: String, oemKey: String) {
        self.baseURL = baseURL
        self.oemId = oemId
        self.oemKey = oemKey
    }
}
