import Foundation
import GRPCCore
import SalesforcePubSubAPI

/// The server's side of one scripted Subscribe call: reads fetch requests, keeps the pending count as
/// Salesforce does (requested minus sent), and sends batches and keepalives reporting it.
final class ScriptedSubscribeStream {
    private var requests: RPCAsyncSequence<Eventbus_V1_FetchRequest, any Error>.AsyncIterator
    private let writer: RPCWriter<Eventbus_V1_FetchResponse>
    private let record: @Sendable (Eventbus_V1_FetchRequest, Int32) -> Void
    private(set) var pending: Int32 = 0

    init(
        requests: RPCAsyncSequence<Eventbus_V1_FetchRequest, any Error>,
        writer: RPCWriter<Eventbus_V1_FetchResponse>,
        record: @escaping @Sendable (Eventbus_V1_FetchRequest, Int32) -> Void
    ) {
        self.requests = requests.makeAsyncIterator()
        self.writer = writer
        self.record = record
    }

    /// The next fetch request, nil once the client closed its side.
    @discardableResult
    func next() async throws -> Eventbus_V1_FetchRequest? {
        guard let request = try await requests.next() else { return nil }
        pending += request.numRequested
        record(request, pending)
        return request
    }

    func send(_ events: [Eventbus_V1_ConsumerEvent]) async throws {
        pending -= Int32(events.count)
        var response = Eventbus_V1_FetchResponse()
        response.events = events
        response.latestReplayID = events.last?.replayID ?? Data()
        response.pendingNumRequested = pending
        try await writer.write(response)
    }

    func sendKeepalive(latestReplayId: [UInt8]) async throws {
        var response = Eventbus_V1_FetchResponse()
        response.latestReplayID = Data(latestReplayId)
        response.pendingNumRequested = pending
        try await writer.write(response)
    }

    /// Reads requests until the client ends the call.
    func holdOpen() async throws {
        while try await next() != nil {}
    }
}
