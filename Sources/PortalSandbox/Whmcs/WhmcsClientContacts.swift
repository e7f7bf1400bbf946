import Foundation
import Synchronization

/// The contact details of the WHMCS simulator's clients as UpdateClient leaves them, starting from the seed.
/// Text is kept as it was sent; GetClientsDetails HTML-escapes it on the way out, as WHMCS does.
final class WhmcsClientContacts: Sendable {
    struct Contact: Sendable, Equatable {
        var email: String
        var phone: String
        var address1: String
        var address2: String
        var city: String
        var state: String
        var postcode: String
        var country: String
    }

    enum Refusal: Error, Equatable {
        case clientNotFound
        case duplicateEmail
    }

    private let contacts: Mutex<[Int: Contact]>

    init(seed: SandboxSeed) {
        var contacts: [Int: Contact] = [:]
        for customer in seed.customers {
            contacts[customer.whmcsClientId] = Contact(
                email: customer.email,
                phone: customer.phone,
                address1: customer.street,
                address2: "",
                city: customer.city,
                state: customer.prefecture,
                postcode: customer.postcode,
                country: "JP"
            )
        }
        self.contacts = Mutex(contacts)
    }

    func contact(of clientId: Int) -> Contact? {
        contacts.withLock { $0[clientId] }
    }

    /// Sets the fields of `form` that UpdateClient knows, refusing an email another client has (compared
    /// without case, as WHMCS does).
    func update(_ clientId: Int, from form: [String: String]) throws(Refusal) {
        try contacts.withLock { contacts throws(Refusal) in
            guard var contact = contacts[clientId] else { throw .clientNotFound }
            if let email = form["email"] {
                let taken = contacts.contains { $0.key != clientId && $0.value.email.lowercased() == email.lowercased() }
                if taken { throw .duplicateEmail }
                contact.email = email
            }
            let fields: [(String, WritableKeyPath<Contact, String>)] = [
                ("phonenumber", \.phone), ("address1", \.address1), ("address2", \.address2), ("city", \.city), ("state", \.state),
                ("postcode", \.postcode), ("country", \.country),
            ]
            for (name, path) in fields { if let value = form[name] { contact[keyPath: path] = value } }
            contacts[clientId] = contact
        }
    }
}
