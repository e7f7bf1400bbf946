import Domain
import Foundation
import GRPCCore
import GRPCInProcessTransport
import GRPCNIOTransportHTTP2
import JWTKit
import PortalSandbox
import PortalUpstream
import SalesforcePubSubAPI
import Synchronization
import TestSupport

/// A gRPC client of the sandbox's Pub/Sub simulator, built from the generated `Eventbus_V1_PubSub.Client`,
/// with a live access token from the Salesforce simulator's token endpoint: over an in-process transport or
/// over a loopback HTTP/2 socket.
struct PubSubHarness: Sendable {
    enum Reach: String, CaseIterable, Sendable {
        case inProcess, socket
    }

    let sandbox: Sandbox
    let client: any Eventbus_V1_PubSub.ClientProtocol
    let token: String
    static let topic = "/event/OrderProvisionRequested__e"

    /// The three auth headers Salesforce wants on every call.
    var metadata: Metadata {
        ["accesstoken": .string(token), "instanceurl": "https://sandbox.my.salesforce.com", "tenantid": .string(Sandbox.salesforceOrgId)]
    }

    static func with<Result: Sendable>(
        _ reach: Reach = .inProcess,
        sandbox: Sandbox = Sandbox(),
        _ body: (PubSubHarness) async throws -> Result
    ) async throws -> Result {
        switch reach {
        case .inProcess:
            let grpc = GRPCInProcessTransport.InProcessTransport()
            return try await withGRPCServer(transport: grpc.server, services: [sandbox.pubSubService]) { _ in
                try await withGRPCClient(transport: grpc.client) { client in
                    let http = TestSupport.InProcessTransport(sandbox: sandbox)
                    let token = try await accessToken(sandbox, over: http, at: Sandbox.inProcessBaseURLs.salesforce)
                    return try await body(PubSubHarness(sandbox: sandbox, client: Eventbus_V1_PubSub.Client(wrapping: client), token: token))
                }
            }
        case .socket:
            return try await withTeardown(try await sandbox.start(), stop: { await $0.stop() }) { running in
                let endpoint = running.baseURLs.pubSub
                let transport = try HTTP2ClientTransport.Posix(
                    target: .ipv4(address: endpoint.host, port: endpoint.port),
                    transportSecurity: .plaintext
                )
                return try await withGRPCClient(transport: transport) { client in
                    let token = try await accessToken(sandbox, over: URLSessionTransport(), at: running.baseURLs.salesforce)
                    return try await body(PubSubHarness(sandbox: sandbox, client: Eventbus_V1_PubSub.Client(wrapping: client), token: token))
                }
            }
        }
    }

    /// A fresh token from the token endpoint, through the JWT bearer flow.
    static func accessToken(_ sandbox: Sandbox, over transport: any HTTPTransport, at instance: URL) async throws -> String {
        let key = try Insecure.RSA.PrivateKey(pem: sandbox.connectedAppPrivateKeyPEM)
        let assertion = try await JWTKeyCollection().add(rsa: key, digestAlgorithm: .sha256).sign(SalesforceSandboxClient.validClaims())
        let response = try await transport.send(
            .form(
                instance.appendingPathComponent("services/oauth2/token"),
                fields: [("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer"), ("assertion", assertion)]
            )
        )
        guard case .string(let token)? = try RawJSON.parse(response.body)["access_token"] else { throw UnexpectedAnswer(response: response) }
        return token
    }

    func topicInfo(_ name: String = topic, metadata: Metadata? = nil) async throws -> Eventbus_V1_TopicInfo {
        var request = Eventbus_V1_TopicRequest()
        request.topicName = name
        return try await client.getTopic(request, metadata: metadata ?? self.metadata)
    }

    func schema(_ id: String) async throws -> Eventbus_V1_SchemaInfo {
        var request = Eventbus_V1_SchemaRequest()
        request.schemaID = id
        return try await client.getSchema(request, metadata: metadata)
    }

    /// Publishes one event to `topic` through the Publish RPC.
    func publish(payload: Data, schemaId: String, topic: String = topic, id: String = "") async throws -> Eventbus_V1_PublishResponse {
        var event = Eventbus_V1_ProducerEvent()
        event.id = id
        event.schemaID = schemaId
        event.payload = payload
        var request = Eventbus_V1_PublishRequest()
        request.topicName = topic
        request.events = [event]
        return try await client.publish(request, metadata: metadata)
    }

    /// Publishes `count` events through the sandbox, as a Flow would; returns their replay ids.
    @discardableResult
    func publishOrders(_ count: Int, from first: Int = 1) throws -> [Data] {
        try (first..<(first + count)).map { index in
            try sandbox.publishPlatformEvent(
                "OrderProvisionRequested__e",
                fields: ["orderId__c": .string("801000000000\(index)AAA"), "idemKey__c": .string("key-\(index)")]
            )
        }
    }

    /// Returns once `count` streams have applied their first request (so that LATEST has taken its position).
    func untilSubscribed(_ count: Int = 1, within timeout: Duration = .seconds(5)) async throws {
        let deadline = ContinuousClock.now + timeout
        while sandbox.pubSubStreams.filter({ $0.isOpen && $0.topic != nil }).count < count {
            guard ContinuousClock.now < deadline else { throw PubSubTestStream.NothingArrived() }
            try await Task.sleep(for: .milliseconds(5))
        }
    }

    /// The report of the last stream once the simulator has closed it.
    func lastClosedStream(within timeout: Duration = .seconds(5)) async throws -> PubSubStreamReport {
        let deadline = ContinuousClock.now + timeout
        while true {
            if let report = sandbox.pubSubStreams.last, !report.isOpen { return report }
            guard ContinuousClock.now < deadline else { throw PubSubTestStream.NothingArrived() }
            try await Task.sleep(for: .milliseconds(5))
        }
    }

    /// Opens a Subscribe stream whose first request is `first`, runs `body` with it, and closes it.
    func subscribe<Result: Sendable>(
        _ first: Eventbus_V1_FetchRequest,
        metadata: Metadata? = nil,
        _ body: @escaping @Sendable (PubSubTestStream) async throws -> Result
    ) async throws -> Result {
        let stream = PubSubTestStream()
        stream.send(first)
        let requests = stream.requests
        return try await client.subscribe(
            metadata: metadata ?? self.metadata,
            requestProducer: { writer in
                for await request in requests { try await writer.write(request) }
            },
            onResponse: { response in
                defer { stream.finishRequests() }
                return try await withThrowingTaskGroup(of: Result?.self) { group in
                    group.addTask {
                        do {
                            for try await message in response.messages { stream.received(.response(message)) }
                            stream.received(.finished)
                        } catch let error as RPCError {
                            stream.received(.failed(error))
                        } catch {
                            stream.received(.failed(RPCError(code: .unknown, message: "\(error)")))
                        }
                        return nil
                    }
                    group.addTask { try await body(stream) }
                    while let next = try await group.next() {
                        if let result = next {
                            group.cancelAll()
                            return result
                        }
                    }
                    preconditionFailure("the body's task returned nothing")
                }
            }
        )
    }
}

extension Eventbus_V1_FetchRequest {
    static func fetch(
        _ preset: Eventbus_V1_ReplayPreset = .latest,
        topic: String = PubSubHarness.topic,
        replayId: Data = Data(),
        requested: Int32
    ) -> Eventbus_V1_FetchRequest {
        var request = Eventbus_V1_FetchRequest()
        request.topicName = topic
        request.replayPreset = preset
        request.replayID = replayId
        request.numRequested = requested
        return request
    }

    /// A later request: only more events.
    static func more(_ requested: Int32, topic: String = "") -> Eventbus_V1_FetchRequest {
        var request = Eventbus_V1_FetchRequest()
        request.topicName = topic
        request.numRequested = requested
        return request
    }
}

/// One open Subscribe call as a test drives it: requests to send, and what arrived, read with deadlines.
final class PubSubTestStream: Sendable {
    enum Item: Sendable {
        case response(Eventbus_V1_FetchResponse)
        case failed(RPCError)
        case finished
    }

    struct NothingArrived: Error {}

    let requests: AsyncStream<Eventbus_V1_FetchRequest>
    private let continuation: AsyncStream<Eventbus_V1_FetchRequest>.Continuation
    private let inbox = Mutex([Item]())

    init() {
        (requests, continuation) = AsyncStream.makeStream(of: Eventbus_V1_FetchRequest.self)
    }

    func send(_ request: Eventbus_V1_FetchRequest) {
        continuation.yield(request)
    }

    func finishRequests() {
        continuation.finish()
    }

    func received(_ item: Item) {
        inbox.withLock { $0.append(item) }
    }

    /// The next thing to arrive within `timeout`, or nil.
    func next(within timeout: Duration = .seconds(5)) async -> Item? {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let item = inbox.withLock({ $0.isEmpty ? nil : $0.removeFirst() }) { return item }
            try? await Task.sleep(for: .milliseconds(5))
        }
        return nil
    }

    /// The next response; throws when the stream failed or nothing came in time.
    func response(within timeout: Duration = .seconds(5)) async throws -> Eventbus_V1_FetchResponse {
        switch await next(within: timeout) {
        case .response(let response): return response
        case .failed(let error): throw error
        case .finished, nil: throw NothingArrived()
        }
    }

    /// Responses until `count` events arrived in all; throws as `response` does.
    func events(_ count: Int, within timeout: Duration = .seconds(5)) async throws -> [Eventbus_V1_ConsumerEvent] {
        var events: [Eventbus_V1_ConsumerEvent] = []
        while events.count < count { events += try await response(within: timeout).events }
        return events
    }

    /// The error the stream ends with, skipping responses; nil when it ended without one or not in time.
    func failure(within timeout: Duration = .seconds(5)) async -> RPCError? {
        let deadline = ContinuousClock.now + timeout
        while let item = await next(within: deadline - ContinuousClock.now) {
            if case .failed(let error) = item { return error }
            if case .finished = item { return nil }
        }
        return nil
    }
}

extension RPCError {
    /// Salesforce's `error-code` trailer.
    var salesforceErrorCode: String? {
        metadata[stringValues: "error-code"].first { _ in true }
    }
}
