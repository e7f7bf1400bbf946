/// A Platform Event topic the simulator knows: its name on the wire (`/event/{EventApiName}`) and the versions
/// its schema goes through; the schema-change fault moves a topic to its next version.
struct PubSubTopic: Sendable {
    let eventName: String
    let schemaVersions: [PubSubSchema]

    var name: String { "/event/\(eventName)" }

    /// `/event/OrderProvisionRequested__e`: version 1 is the schema of `pubsub.md`; version 2 writes the custom
    /// fields in another order and adds an optional `channel__c`, as an edited event definition would.
    static let orderProvisionRequested = PubSubTopic(
        eventName: "OrderProvisionRequested__e",
        schemaVersions: [
            PubSubSchema(
                json: #"{"name":"OrderProvisionRequested__e","namespace":"com.sforce.eventbus","type":"record","#
                    + #""fields":[{"name":"CreatedDate","type":"long"},{"name":"CreatedById","type":"string"},"#
                    + #"{"name":"orderId__c","type":["null","string"],"default":null},"#
                    + #"{"name":"idemKey__c","type":["null","string"],"default":null}]}"#
            ),
            PubSubSchema(
                json: #"{"name":"OrderProvisionRequested__e","namespace":"com.sforce.eventbus","type":"record","#
                    + #""fields":[{"name":"CreatedDate","type":"long"},{"name":"CreatedById","type":"string"},"#
                    + #"{"name":"idemKey__c","type":["null","string"],"default":null},"#
                    + #"{"name":"channel__c","type":["null","string"],"default":null},"#
                    + #"{"name":"orderId__c","type":["null","string"],"default":null}]}"#
            ),
        ]
    )

    static let all = [orderProvisionRequested]
}
