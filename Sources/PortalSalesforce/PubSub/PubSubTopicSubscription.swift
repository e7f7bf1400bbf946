import Foundation
import GRPCCore
import Logging
import SalesforcePubSubAPI

/// One topic's subscription for as long as its task runs: sign in, `GetTopic`, Subscribe from the stored
/// replay id, hand batches to the sink in order; after a failure re-authenticate, fall back from a refused
/// replay id, re-subscribe after silence, or back off (`pubsub.md`, "Behaviour a correct subscriber needs").
struct PubSubTopicSubscription<Transport: ClientTransport>: Sendable {
    let topic: String
    let client: Eventbus_V1_PubSub.Client<Transport>
    let session: SalesforceSession
    let sink: any PlatformEventSink
    let settings: SalesforcePubSubSettings
    let schemas: PubSubSchemaCache
    let board: PubSubStateBoard
    let metrics: PubSubMetrics.Topic
    let logger: Logger
    let wallClock: @Sendable () -> Date
    let random: @Sendable () -> Double

    /// How one attempt ended, and what the next needs to know of it.
    private struct Ending {
        let failure: PubSubFailure
        /// Where its Subscribe call started; nil when it never got that far.
        let start: PubSubReplayStart?
        let token: SalesforceToken?
        let healthy: Bool
    }

    func run() async {
        var backoff = PubSubBackoff(base: settings.backoffBase, maximum: settings.backoffMax, random: random)
        var cause = PubSubConnectCause.first
        var refusedToken: SalesforceToken?
        var refusedReplayId: [UInt8]?
        var reauthentications = 0
        while !Task.isCancelled {
            board.set(.connecting, topic: topic)
            let ending = await attempt(cause: cause, refusedToken: refusedToken, refusedReplayId: refusedReplayId)
            guard !Task.isCancelled else { break }
            let failure = ending.failure
            if ending.healthy { backoff.reset() }
            if ending.start != nil || cause != .first { cause = PubSubConnectCause(after: failure.cause) }
            refusedToken = failure.cause == .authentication ? ending.token : nil
            reauthentications = failure.cause == .authentication && !ending.healthy ? reauthentications + 1 : 0
            // A new token, a fallback start and a fresh stream after silence are tried at once; the rest waits.
            let immediately: Bool
            switch (failure.cause, ending.start) {
            case (.authentication, _):
                immediately = reauthentications <= settings.immediateReauthentications
            case (.replayIdCorrupted, .after(let refused)?):
                refusedReplayId = refused
                await fallBack(from: refused)
                immediately = true
            case (.replayIdCorrupted, _):
                cause = .reconnectError
                immediately = false
            case (.watchdog, _):
                immediately = true
            default:
                immediately = false
            }
            logger.log(
                level: failure.cause == .streamEnded ? .info : .warning,
                "pubsub stream ended",
                metadata: ["topic": "\(topic)", "cause": "\(failure.cause.rawValue)", "detail": "\(failure.detail)"]
            )
            if immediately { continue }
            let delay: Duration
            if failure.cause == .topicNotSubscribable {
                delay = backoff.longest
                board.set(.failed(failure.cause), topic: topic)
            } else {
                delay = backoff.next()
                board.set(.backingOff(until: wallClock().addingTimeInterval(delay.timeInterval), cause: failure.cause), topic: topic)
            }
            do {
                try await Task.sleep(for: delay)
            } catch {
                break
            }
        }
        board.set(.idle, topic: topic)
    }

    private func fallBack(from refused: [UInt8]) async {
        metrics.replayFallbacks.increment()
        logger.error(
            "pubsub replay id refused: resuming from the fallback, events in between may be missed",
            metadata: [
                "topic": "\(topic)", "replayId": "\(refused.map { String(format: "%02x", $0) }.joined())",
                "fallback": "\(settings.replayFallback.rawValue)",
            ]
        )
        await sink.replayIdRejected(topic: topic, replayId: refused, fallback: settings.replayFallback)
    }

    private func attempt(cause: PubSubConnectCause, refusedToken: SalesforceToken?, refusedReplayId: [UInt8]?) async -> Ending {
        await PubSubAttemptSpan.run(topic: topic, cause: cause) { trace in
            await attempt(refusedToken: refusedToken, refusedReplayId: refusedReplayId, trace: trace, cause: cause)
        }
    }

    private func attempt(refusedToken: SalesforceToken?, refusedReplayId: [UInt8]?, trace: Metadata, cause: PubSubConnectCause) async -> Ending {
        var token: SalesforceToken?
        var start: PubSubReplayStart?
        let progress = PubSubStreamProgress(now: .now)
        do {
            let current = try await signIn(replacing: refusedToken)
            token = current
            var metadata = try current.pubSubMetadata()
            metadata.add(contentsOf: trace)
            try await checkTopic(metadata: metadata)
            let resumed = try await resumePoint(refused: refusedReplayId)
            start = resumed
            metrics.connected(cause)
            progress.waiting(now: .now)
            try await subscribe(from: resumed, metadata: metadata, progress: progress)
            return Ending(
                failure: PubSubFailure(.streamEnded, detail: "closed by the server"),
                start: start,
                token: token,
                healthy: progress.receivedAny
            )
        } catch {
            return Ending(failure: .from(error), start: start, token: token, healthy: progress.receivedAny)
        }
    }

    private func signIn(replacing refused: SalesforceToken?) async throws(PubSubFailure) -> SalesforceToken {
        do {
            return try await session.token(replacing: refused)
        } catch {
            throw PubSubFailure(.signIn, detail: "\(error)")
        }
    }

    private var unaryOptions: CallOptions {
        var options = CallOptions.defaults
        options.timeout = settings.callTimeout
        options.maxResponseMessageBytes = settings.maxInboundMessageBytes
        return options
    }

    private var streamOptions: CallOptions {
        var options = CallOptions.defaults
        options.maxResponseMessageBytes = settings.maxInboundMessageBytes
        return options
    }

    private func checkTopic(metadata: Metadata) async throws {
        var request = Eventbus_V1_TopicRequest()
        request.topicName = topic
        let info: Eventbus_V1_TopicInfo
        do {
            info = try await client.getTopic(request, metadata: metadata, options: unaryOptions)
        } catch let error as RPCError where error.code == .notFound || error.code == .permissionDenied {
            throw PubSubFailure(.topicNotSubscribable, detail: "GetTopic: \(error.code)")
        }
        guard info.canSubscribe else { throw PubSubFailure(.topicNotSubscribable, detail: "GetTopic: can_subscribe is false") }
    }

    private func resumePoint(refused: [UInt8]?) async throws(PubSubFailure) -> PubSubReplayStart {
        let stored: [UInt8]?
        do {
            stored = try await sink.storedReplayId(topic: topic)
        } catch {
            throw PubSubFailure(.sink, detail: "storedReplayId: \(type(of: error))")
        }
        return .resuming(stored: stored, refused: refused, fallback: settings.replayFallback)
    }

    /// One Subscribe call, until the server ends it, it fails, or the watchdog finds it silent. The request
    /// stream stays open for the top-ups the response side feeds it.
    private func subscribe(from start: PubSubReplayStart, metadata: Metadata, progress: PubSubStreamProgress) async throws {
        let flow = PubSubFlowControl(batchSize: settings.batchSize)
        let (requests, continuation) = AsyncStream.makeStream(of: Eventbus_V1_FetchRequest.self)
        defer { continuation.finish() }
        continuation.yield(start.firstRequest(topic: topic, numRequested: flow.batchSize))
        let options = streamOptions
        let watchdog = settings.watchdog
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                try await client.subscribe(
                    metadata: metadata,
                    options: options,
                    requestProducer: { writer in
                        for await request in requests { try await writer.write(request) }
                    },
                    onResponse: { response in
                        // Once the responses end, so do the requests: the call must not wait on a producer
                        // that would otherwise sit on the open request stream.
                        defer { continuation.finish() }
                        try await consume(response, flow: flow, requests: continuation, metadata: metadata, progress: progress)
                    }
                )
            }
            group.addTask { try await Self.watch(progress, limit: watchdog) }
            try await group.next()
            group.cancelAll()
        }
    }

    private func consume(
        _ response: StreamingClientResponse<Eventbus_V1_FetchResponse>,
        flow: PubSubFlowControl,
        requests: AsyncStream<Eventbus_V1_FetchRequest>.Continuation,
        metadata: Metadata,
        progress: PubSubStreamProgress
    ) async throws {
        if case .success = response.accepted { board.set(.subscribed(since: wallClock()), topic: topic) }
        for try await part in response.bodyParts {
            guard case .message(let fetch) = part else { continue }
            progress.received()
            if let topUp = flow.topUp(pending: fetch.pendingNumRequested) {
                var request = Eventbus_V1_FetchRequest()
                request.topicName = topic
                request.numRequested = topUp
                requests.yield(request)
            }
            try await handle(fetch, metadata: metadata)
            progress.waiting(now: .now)
        }
    }

    private func handle(_ fetch: Eventbus_V1_FetchResponse, metadata: Metadata) async throws {
        guard !fetch.events.isEmpty else {
            metrics.keepalives.increment()
            guard !fetch.latestReplayID.isEmpty else { return }
            do {
                try await sink.keepalive(latestReplayId: [UInt8](fetch.latestReplayID), topic: topic)
            } catch {
                logger.warning("pubsub keepalive replay id not stored", metadata: ["topic": "\(topic)", "error": "\(type(of: error))"])
            }
            return
        }
        metrics.eventsReceived.increment(by: fetch.events.count)
        var events: [ReceivedPlatformEvent] = []
        events.reserveCapacity(fetch.events.count)
        for consumed in fetch.events {
            let event = consumed.event
            let schemaJSON = try await schemas.schema(id: event.schemaID) { id in try await fetchSchema(id, metadata: metadata) }
            events.append(
                ReceivedPlatformEvent(
                    eventId: event.id,
                    schemaId: event.schemaID,
                    schemaJSON: schemaJSON,
                    payload: [UInt8](event.payload),
                    replayId: [UInt8](consumed.replayID),
                    headers: event.headers.map { ReceivedPlatformEvent.Header(key: $0.key, value: [UInt8]($0.value)) }
                )
            )
        }
        do {
            try await sink.receive(events, topic: topic)
        } catch {
            throw PubSubFailure(.sink, detail: "receive: \(type(of: error))")
        }
    }

    private func fetchSchema(_ id: String, metadata: Metadata) async throws -> String {
        var request = Eventbus_V1_SchemaRequest()
        request.schemaID = id
        return try await client.getSchema(request, metadata: metadata, options: unaryOptions).schemaJson
    }

    /// Throws once the stream has waited `limit` for the server; time spent handling a batch does not count.
    private static func watch(_ progress: PubSubStreamProgress, limit: Duration) async throws {
        while true {
            let waited = progress.waited(now: .now)
            if waited >= limit { throw PubSubFailure(.watchdog, detail: "nothing received for \(limit)") }
            try await Task.sleep(for: limit - waited)
        }
    }
}

extension Duration {
    /// In seconds, for `Date` arithmetic.
    var timeInterval: TimeInterval {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
