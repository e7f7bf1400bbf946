extension CustomerProfile {
    /// Merges the two halves of a profile. Salesforce is the record of who the customer is, so its name wins;
    /// WHMCS is where customers keep their billing contact current, so its email, phone and address win.
    /// Either side fills what the other lacks. Throws when neither half is given or no email is known.
    public static func merged(
        customerId: String,
        account: SalesforceAccount?,
        client: WhmcsClient?
    ) throws(MappingError) -> CustomerProfile {
        guard !customerId.isEmpty else {
            throw MappingError(path: "customerId", reason: .missing, detail: "a profile needs the portal user id")
        }
        guard let name = account?.name ?? client?.name else {
            throw MappingError(path: "profile", reason: .missing, detail: "neither a Salesforce account nor a WHMCS client was given")
        }
        guard let email = client?.email ?? account?.email else {
            throw MappingError(path: "profile.email", reason: .missing, detail: "neither source has an email address")
        }
        return CustomerProfile(
            customerId: customerId,
            salesforceAccountId: account?.id,
            whmcsClientId: client?.clientId,
            name: name,
            companyName: client?.companyName,
            email: email,
            phone: client?.phone ?? account?.phone,
            address: client?.address ?? account?.address
        )
    }
}
