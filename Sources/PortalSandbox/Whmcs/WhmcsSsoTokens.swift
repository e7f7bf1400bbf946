import Foundation
import Synchronization

/// The single sign-on tokens CreateSsoToken issued: each opens its page once, within 60 seconds.
final class WhmcsSsoTokens: Sendable {
    static let lifetime: Duration = .seconds(60)

    private struct Token: Sendable {
        let clientId: Int
        let path: String
        let expiresAt: ContinuousClock.Instant
    }

    private let tokens = Mutex([String: Token]())

    func issue(clientId: Int, path: String) -> String {
        let token = (0..<4).map { _ in String(UInt64.random(in: .min ... .max), radix: 16) }.joined()
        let now = ContinuousClock.now
        tokens.withLock { tokens in
            tokens = tokens.filter { $0.value.expiresAt > now }
            tokens[token] = Token(clientId: clientId, path: path, expiresAt: now + Self.lifetime)
        }
        return token
    }

    /// The page a token opens, once: nil when it is unknown, used or expired.
    func redeem(_ token: String) -> (clientId: Int, path: String)? {
        tokens.withLock { tokens in
            guard let found = tokens.removeValue(forKey: token), found.expiresAt > ContinuousClock.now else { return nil }
            return (found.clientId, found.path)
        }
    }
}
