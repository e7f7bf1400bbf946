import Domain
import Foundation

/// The free-text fields of ticket requests: plain text, checked by length once surrounding white space is
/// trimmed. WHMCS escapes what it stores, so nothing is escaped here.
enum TicketText {
    static let subject = 1...255
    static let message = 1...20_000

    /// The trimmed text of `key`, or nil with the problem recorded under `key`.
    static func field(_ key: String, in root: [String: RawJSON], length: ClosedRange<Int>, problems: inout [String: String]) -> String? {
        let reason = "must be text of \(length.lowerBound) to \(length.upperBound) characters"
        guard case .string(let raw)? = root[key] else {
            problems[key] = reason
            return nil
        }
        let text = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard length.contains(text.count) else {
            problems[key] = reason
            return nil
        }
        return text
    }

    /// Every key of `root` outside `accepted`, each marked as not accepted.
    static func unknownFields(_ root: [String: RawJSON], accepted: Set<String>, problems: inout [String: String]) {
        for key in root.keys where !accepted.contains(key) { problems[key] = "is not accepted" }
    }
}
