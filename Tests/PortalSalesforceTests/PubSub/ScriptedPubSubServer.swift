import Foundation
import GRPCCore
import SalesforcePubSubAPI
import Synchronization

/// A minimal scripted Pub/Sub server for the subscriber's tests: it records what it is asked (metadata,
/// fetch requests, schema ids) and plays one script per Subscribe call, in order; once the scripts are
/// used up, a stream is held open until the client ends it.
final class ScriptedPubSubServer: Eventbus_V1_PubSub.StreamingServiceProtocol, Sendable {
    typealias Script = @Sendable (ScriptedSubscribeStream) async throws -> Void

    /// One Subscribe call as the server saw it.
    struct Subscription: Sendable {
        var metadata: [String: String]
        var requests: [Eventbus_V1_FetchRequest] = []
        /// The server's count of requested-but-unsent events right after each request.
        var pendingAfterRequests: [Int32] = []

        var first: Eventbus_V1_FetchRequest? { requests.first }
    }

    private struct State {
        var scripts: [Script]
        var subscriptions: [Subscription] = []
        var schemaRequests: [String] = []
        var topicRequests: [[String: String]] = []
        var refusedTokens: Set<String> = []
        var subscribable = true
    }

    static let authHeaders = ["accesstoken", "instanceurl", "tenantid"]

    private let state: Mutex<State>

    init(_ scripts: [Script] = []) {
        state = Mutex(State(scripts: scripts))
    }

    var subscriptions: [Subscription] { state.withLock { $0.subscriptions } }
    var schemaRequests: [String] { state.withLock { $0.schemaRequests } }
    var topicRequests: [[String: String]] { state.withLock { $0.topicRequests } }

    /// Calls with these access tokens are refused as Salesforce refuses an expired session.
    func refuse(token: String) { state.withLock { _ = $0.refusedTokens.insert(token) } }

    func setSubscribable(_ subscribable: Bool) { state.withLock { $0.subscribable = subscribable } }

    static func authenticationError() -> RPCError {
        RPCError(code: .unauthenticated, message: "auth", metadata: ["error-code": "sfdc.platform.eventbus.grpc.service.auth.error"])
    }

    static func replayIdCorrupted() -> RPCError {
        RPCError(
            code: .invalidArgument,
            message: "replay id",
            metadata: ["error-code": "sfdc.platform.eventbus.grpc.subscription.fetch.replayid.corrupted"]
        )
    }

    static func unavailable() -> RPCError { RPCError(code: .unavailable, message: "try later") }

    private static func headers(_ metadata: Metadata) -> [String: String] {
        var headers: [String: String] = [:]
        for name in authHeaders {
            if let value = metadata[stringValues: name].first(where: { _ in true }) { headers[name] = value }
        }
        return headers
    }

    private func checkAuthentication(_ headers: [String: String]) throws(RPCError) {
        let refused = state.withLock { $0.refusedTokens.contains(headers["accesstoken"] ?? "") }
        guard !refused, Self.authHeaders.allSatisfy({ headers[$0] != nil }) else { throw Self.authenticationError() }
    }

    func subscribe(
        request: StreamingServerRequest<Eventbus_V1_FetchRequest>,
        context: ServerContext
    ) async throws -> StreamingServerResponse<Eventbus_V1_FetchResponse> {
        let headers = Self.headers(request.metadata)
        let (index, script) = state.withLock { state -> (Int, Script?) in
            state.subscriptions.append(Subscription(metadata: headers))
            return (state.subscriptions.count - 1, state.scripts.isEmpty ? nil : state.scripts.removeFirst())
        }
        try checkAuthentication(headers)
        return StreamingServerResponse { writer in
            let stream = ScriptedSubscribeStream(requests: request.messages, writer: writer) { request, pending in
                self.state.withLock {
                    $0.subscriptions[index].requests.append(request)
                    $0.subscriptions[index].pendingAfterRequests.append(pending)
                }
            }
            if let script { try await script(stream) } else { try await stream.holdOpen() }
            return [:]
        }
    }

    func getSchema(
        request: StreamingServerRequest<Eventbus_V1_SchemaRequest>,
        context: ServerContext
    ) async throws -> StreamingServerResponse<Eventbus_V1_SchemaInfo> {
        let single = try await ServerRequest(stream: request)
        try checkAuthentication(Self.headers(single.metadata))
        state.withLock { $0.schemaRequests.append(single.message.schemaID) }
        var info = Eventbus_V1_SchemaInfo()
        info.schemaID = single.message.schemaID
        info.schemaJson = Self.schemaJSON(of: single.message.schemaID)
        return StreamingServerResponse(single: ServerResponse(message: info))
    }

    func getTopic(
        request: StreamingServerRequest<Eventbus_V1_TopicRequest>,
        context: ServerContext
    ) async throws -> StreamingServerResponse<Eventbus_V1_TopicInfo> {
        let single = try await ServerRequest(stream: request)
        let headers = Self.headers(single.metadata)
        let subscribable = state.withLock {
            $0.topicRequests.append(headers)
            return $0.subscribable
        }
        try checkAuthentication(headers)
        var info = Eventbus_V1_TopicInfo()
        info.topicName = single.message.topicName
        info.canSubscribe = subscribable
        info.schemaID = "schema-1"
        return StreamingServerResponse(single: ServerResponse(message: info))
    }

    func publish(
        request: StreamingServerRequest<Eventbus_V1_PublishRequest>,
        context: ServerContext
    ) async throws -> StreamingServerResponse<Eventbus_V1_PublishResponse> {
        StreamingServerResponse(error: RPCError(code: .unimplemented, message: "not scripted"))
    }

    /// The schema this server answers for `id`.
    static func schemaJSON(of id: String) -> String {
        #"{"type":"record","name":"E","namespace":"test","fields":[{"name":"id","type":"string","doc":"\#(id)"}]}"#
    }

    /// An event with an 8-byte big-endian replay id.
    static func event(_ id: String, schemaId: String = "schema-1", replay: UInt64, payload: [UInt8] = [2, 0x61]) -> Eventbus_V1_ConsumerEvent {
        var event = Eventbus_V1_ConsumerEvent()
        event.event.id = id
        event.event.schemaID = schemaId
        event.event.payload = Data(payload)
        var header = Eventbus_V1_EventHeader()
        header.key = "sfdc:origin"
        header.value = Data("test".utf8)
        event.event.headers = [header]
        event.replayID = Data(replayId(replay))
        return event
    }

    static func replayId(_ value: UInt64) -> [UInt8] { (0..<8).reversed().map { UInt8(truncatingIfNeeded: value >> (8 * UInt64($0))) } }
}
