import Foundation
import GRPCCore

extension Sandbox {
    /// The org id the Pub/Sub API wants in `tenantid` (the `{orgId}` of the token's identity URL).
    public static let salesforceOrgId = SalesforceSimulator.orgId.value
    /// The integration user the token endpoint signs in, and the `CreatedById` of events the sandbox publishes.
    public static let salesforceIntegrationUserId = SalesforceSimulator.integrationUserId.value
    /// The Platform Event topic of order provisioning requests.
    public static let orderProvisionTopic = PubSubTopic.orderProvisionRequested.name

    /// The Pub/Sub simulator as a gRPC service, to serve over any transport (an in-process one in tests).
    public var pubSubService: any RegistrableRPCService { pubSubSimulator }

    /// The Pub/Sub simulator's faults.
    public var pubSubFaults: PubSubFaults { pubSubSimulator.faults }

    /// The Pub/Sub simulator's keepalive interval, idle timeout and retention.
    public var pubSubSettings: PubSubSettings {
        get { pubSubSimulator.settings }
        set { pubSubSimulator.settings = newValue }
    }

    /// What the simulator saw of the last 256 Subscribe streams, oldest first.
    public var pubSubStreams: [PubSubStreamReport] { pubSubSimulator.reports.all }

    /// The streams closed because their pending requests stayed at 0 until the idle timeout.
    public var pubSubStreamsThatRanDry: [PubSubStreamReport] { pubSubStreams.filter(\.ranDry) }

    /// Publishes one Platform Event as a Salesforce Flow would (`CreatedDate` and `CreatedById` filled in when
    /// absent), encoded with its topic's current schema; returns the event's replay id.
    @discardableResult
    public func publishPlatformEvent(_ eventName: String, fields: [String: PubSubFieldValue]) throws(PubSubPublishRefusal) -> Data {
        try pubSubSimulator.publish(eventName: eventName, fields: fields)
    }

    /// The current schema id of a topic (`/event/OrderProvisionRequested__e`), as `GetTopic` answers it.
    public func pubSubSchemaId(of topicName: String) -> String? {
        pubSubSimulator.bus.currentSchema(of: topicName)?.id
    }
}
