import Domain
import PortalSalesforce
import PortalUpstream
import PortalWhmcs

/// Brings a customer's Salesforce Account in line with their WHMCS client, the system a contact change
/// reaches first. Salesforce gets WHMCS's details as they are when it runs (so the newest change wins);
/// when Salesforce refuses them, WHMCS is put back to what Salesforce holds. It is done when WHMCS, read
/// after Salesforce was written, still shows what was written.
struct ContactSynchroniser: Sendable {
    enum Outcome: String, Sendable {
        /// Salesforce now holds WHMCS's details.
        case synchronised
        /// Salesforce refused WHMCS's details; WHMCS holds Salesforce's again.
        case reverted
    }

    let whmcs: WhmcsOrchestrator
    let clientId: Int
    let salesforce: SalesforceOrchestrator
    let accountId: SalesforceId

    func run() async throws(UpstreamError) -> Outcome {
        for _ in 0..<3 {
            let wanted = Self.change(setting: ContactDetails(try await whmcs.client(clientId: clientId)))
            do {
                try await salesforce.updateContact(accountId, wanted)
            } catch .rejected(_, .valuesRefused, _) {
                let held = ContactDetails(try await salesforce.account(accountId))
                try await whmcs.updateContact(clientId: clientId, Self.change(setting: held))
                return .reverted
            }
            if ContactDetails(try await whmcs.client(clientId: clientId)).shows(wanted) { return .synchronised }
        }
        throw .unavailable(system: "whmcs", cause: .invalidRequest, detail: "contact details kept changing while they were synchronised")
    }

    /// The change that sets every detail `details` holds.
    static func change(setting details: ContactDetails) -> ContactChange {
        ContactChange(email: details.email, phone: details.phone, address: details.address)
    }
}
