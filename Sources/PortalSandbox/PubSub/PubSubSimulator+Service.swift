import Foundation
import GRPCCore
import SalesforcePubSubAPI

extension PubSubSimulator: Eventbus_V1_PubSub.ServiceProtocol {
    /// An unknown topic is `NOT_FOUND` (the sandbox's choice; Salesforce's own code for it is not documented).
    func getTopic(request: ServerRequest<Eventbus_V1_TopicRequest>, context: ServerContext) async throws -> ServerResponse<Eventbus_V1_TopicInfo> {
        _ = try admit(request.metadata, call: "GetTopic")
        guard let schema = bus.currentSchema(of: request.message.topicName) else { throw RPCError.topicNotFound(request.message.topicName) }
        var info = Eventbus_V1_TopicInfo()
        info.topicName = request.message.topicName
        info.tenantGuid = tenantId
        info.canPublish = true
        info.canSubscribe = true
        info.schemaID = schema.id
        info.rpcID = Self.rpcId()
        return ServerResponse(message: info)
    }

    func getSchema(request: ServerRequest<Eventbus_V1_SchemaRequest>, context: ServerContext) async throws -> ServerResponse<Eventbus_V1_SchemaInfo> {
        _ = try admit(request.metadata, call: "GetSchema")
        guard let schema = bus.schema(id: request.message.schemaID) else { throw RPCError.schemaNotFound(request.message.schemaID) }
        var info = Eventbus_V1_SchemaInfo()
        info.schemaJson = schema.json
        info.schemaID = schema.id
        info.rpcID = Self.rpcId()
        return ServerResponse(message: info)
    }

    /// Stores each event with the next replay id; like Salesforce, neither payload nor schema id is checked.
    func publish(
        request: ServerRequest<Eventbus_V1_PublishRequest>,
        context: ServerContext
    ) async throws -> ServerResponse<Eventbus_V1_PublishResponse> {
        _ = try admit(request.metadata, call: "Publish")
        let topicName = request.message.topicName
        guard let schema = bus.currentSchema(of: topicName) else { throw RPCError.topicNotFound(topicName) }
        let events = request.message.events.map { event in
            var event = event
            if event.id.isEmpty { event.id = UUID().uuidString.lowercased() }
            return event
        }
        guard let ids = store(events, topicName: topicName) else { throw RPCError.topicNotFound(topicName) }
        var response = Eventbus_V1_PublishResponse()
        response.results = zip(events, ids).map { event, id in
            var result = Eventbus_V1_PublishResult()
            result.replayID = PubSubReplayId.bytes(id)
            result.correlationKey = event.id
            return result
        }
        response.schemaID = schema.id
        response.rpcID = Self.rpcId()
        return ServerResponse(message: response)
    }

    func subscribe(
        request: StreamingServerRequest<Eventbus_V1_FetchRequest>,
        context: ServerContext
    ) async throws -> StreamingServerResponse<Eventbus_V1_FetchResponse> {
        let token: String
        do {
            token = try admit(request.metadata, call: "Subscribe")
        } catch {
            return StreamingServerResponse(error: error)
        }
        return StreamingServerResponse { writer in
            try await PubSubStream(simulator: self, token: token).run(requests: request.messages, writer: writer, cancellation: context.cancellation)
            return [:]
        }
    }
}
