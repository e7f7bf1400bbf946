import Crypto

/// The name of one write's idempotency record: the route's scope, the customer and the caller's
/// `Idempotency-Key`, each length-prefixed before hashing, so that no two (scope, subject, key) triples
/// share a name whatever characters they hold (`order`/`a:b`/`c` and `order`/`a`/`b:c` differ).
struct WriteKey: Sendable, Equatable {
    let scope: String
    let subject: String
    let key: String

    /// 64 lower-case hexadecimal digits: SHA-256 of the canonical encoding. Also what an upstream record
    /// created by the write carries to be found again (Salesforce's external-id field).
    var name: String { SHA256.hash(data: Array(canonical.utf8)).hexadecimal }

    /// `<length>:<text>` for each part, lengths in UTF-8 bytes.
    var canonical: String {
        [scope, subject, key].map { "\($0.utf8.count):\($0)" }.joined()
    }
}
