import Domain

/// What tests and demos read of the contact details each simulator holds, and the WHMCS single sign-on
/// links it issued.
extension Sandbox {
    /// Contact details as one simulated system holds them.
    public struct HeldContact: Sendable, Equatable {
        public let email: String?
        public let phone: String?
        public let postcode: String?
        public let country: String?
        public let city: String?
    }

    /// The WHMCS client's contact details, as UpdateClient left them.
    public func whmcsContact(clientId: Int) -> HeldContact? {
        whmcsStore.contacts.contact(of: clientId).map { contact in
            HeldContact(email: contact.email, phone: contact.phone, postcode: contact.postcode, country: contact.country, city: contact.city)
        }
    }

    /// The Salesforce Account's contact details (standard fields), as the last update left them.
    public func salesforceContact(accountId: SalesforceId) -> HeldContact? {
        guard let record = salesforce.store.snapshot().byId[accountId.value] else { return nil }
        func text(_ field: String) -> String? {
            if case .text(let value) = record[field] { return value }
            return nil
        }
        return HeldContact(
            email: text("PersonEmail"),
            phone: text("Phone"),
            postcode: text("BillingPostalCode"),
            country: text("BillingCountryCode"),
            city: text("BillingCity")
        )
    }

    /// Opens a WHMCS single sign-on link's token as a browser would: the page it leads to (`viewinvoice.php?id=N`),
    /// or nil when it was used already or has expired.
    public func redeemWhmcsAccessToken(_ token: String) -> String? {
        whmcsStore.ssoTokens.redeem(token)?.path
    }
}

extension Sandbox {
    /// An invoice's status and due date as WHMCS holds them now.
    public struct HeldInvoice: Sendable, Equatable {
        public let status: String
        public let dueDate: LocalDate
    }

    /// The invoices of a WHMCS client, by id.
    public func whmcsInvoices(clientId: Int) -> [Int: HeldInvoice] {
        Dictionary(
            uniqueKeysWithValues: whmcsStore.invoices.filter { $0.clientId == clientId }.map {
                ($0.id, HeldInvoice(status: $0.status, dueDate: $0.dueDate))
            }
        )
    }
}
