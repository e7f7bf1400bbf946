import Foundation
import PortalApplication
import Synchronization

/// Tokens already verified, with the customer they name, until they expire: a repeat of the same token (the
/// frontend sends one for many requests) skips decoding and the signature check. Bounded: when full it is
/// emptied, which only costs re-verification.
final class VerifiedTokens: Sendable {
    private let entries = Mutex<[String: (customer: Customer, expiresAt: Date)]>([:])
    private let capacity: Int

    init(capacity: Int = 10_000) {
        self.capacity = capacity
    }

    func customer(for token: String, now: Date = Date()) -> Customer? {
        entries.withLock { entries in
            guard let entry = entries[token] else { return nil }
            guard now < entry.expiresAt else {
                entries[token] = nil
                return nil
            }
            return entry.customer
        }
    }

    func remember(_ token: String, as customer: Customer, until expiresAt: Date) {
        entries.withLock { entries in
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[token] = (customer, expiresAt)
        }
    }
}
