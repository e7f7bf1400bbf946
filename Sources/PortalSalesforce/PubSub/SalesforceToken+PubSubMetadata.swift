import GRPCCore

extension SalesforceToken {
    /// The metadata every Pub/Sub call carries: `accesstoken`, `instanceurl` and `tenantid` (the org id).
    func pubSubMetadata() throws(PubSubFailure) -> Metadata {
        guard let organizationId else { throw PubSubFailure(.signIn, detail: "the token answer has no identity URL with the org id") }
        var metadata = Metadata()
        metadata.addString(accessToken, forKey: "accesstoken")
        metadata.addString(instanceURL.absoluteString, forKey: "instanceurl")
        metadata.addString(organizationId, forKey: "tenantid")
        return metadata
    }
}
