import Foundation
import GRPCCore
import SalesforcePubSubAPI
import Synchronization

/// Runs one Subscribe call: reads the client's `FetchRequest`s as they come, and on every wake-up (a request,
/// a published event, a fault, a tick) delivers what is pending, sends a keepalive when one is due, and ends
/// the stream with Salesforce's error when its token expired, it was idle too long, or a fault says so.
struct PubSubStream {
    private enum Inbound {
        case request(Eventbus_V1_FetchRequest)
        /// The client's side ended (half-closed, failed or cancelled): the call is over. A subscriber keeps its
        /// request stream open for as long as it wants events.
        case gone
    }

    /// How a stream ends: quietly (the client went away) or with an error for the client.
    private struct Ending: Error {
        let reason: String
        let error: RPCError?
        var ranDry = false
    }

    /// The requests read so far and not yet applied.
    private final class Inbox: Sendable {
        private let items = Mutex([Inbound]())

        func append(_ item: Inbound) {
            items.withLock { $0.append(item) }
        }

        func takeAll() -> [Inbound] {
            items.withLock { items in
                defer { items.removeAll() }
                return items
            }
        }
    }

    let simulator: PubSubSimulator
    let token: String

    func run(
        requests: RPCAsyncSequence<Eventbus_V1_FetchRequest, any Error>,
        writer: RPCWriter<Eventbus_V1_FetchResponse>,
        cancellation: ServerContext.RPCCancellationHandle
    ) async throws {
        let wakeup = PubSubWakeup()
        let inbox = Inbox()
        let listener = simulator.bus.addListener(wakeup)
        defer { simulator.bus.removeListener(listener) }
        var subscription = PubSubSubscription(id: UUID(), openedAt: .now)
        simulator.reports.update(subscription.report)
        // Not a child task: the stream is not awaited, it ends when gRPC tears the call down.
        let reader = Task {
            do {
                for try await request in requests {
                    inbox.append(.request(request))
                    wakeup.signal()
                }
            } catch {}
            inbox.append(.gone)
            wakeup.signal()
        }
        defer { reader.cancel() }
        let ending = await withRPCCancellationHandler {
            await withTaskGroup(of: Void.self) { group -> Ending in
                group.addTask {
                    while !Task.isCancelled {
                        try? await Task.sleep(for: simulator.settings.tick)
                        wakeup.signal()
                    }
                }
                defer { group.cancelAll() }
                do {
                    try await serve(&subscription, wakeup: wakeup, inbox: inbox, writer: writer, cancellation: cancellation)
                    return Ending(reason: "client", error: nil)
                } catch let ending as Ending {
                    return ending
                } catch {
                    return Ending(reason: "client", error: nil)
                }
            }
        } onCancelRPC: {
            wakeup.signal()
        }
        subscription.end(ending.reason, ranDry: ending.ranDry, now: .now)
        simulator.reports.update(subscription.report)
        if let error = ending.error { throw error }
    }

    private func serve(
        _ subscription: inout PubSubSubscription,
        wakeup: PubSubWakeup,
        inbox: Inbox,
        writer: RPCWriter<Eventbus_V1_FetchResponse>,
        cancellation: ServerContext.RPCCancellationHandle
    ) async throws {
        let faults = simulator.faults
        let breaksAtOpen = faults.streamBreaks
        let rpcId = PubSubSimulator.rpcId()
        while true {
            await wakeup.wait()
            let now = ContinuousClock.now
            let settings = simulator.settings
            if Task.isCancelled || cancellation.isCancelled { return }
            if simulator.isShuttingDown { throw Ending(reason: "shutdown", error: .unavailable) }
            if faults.streamBreaks != breaksAtOpen { throw Ending(reason: "unavailable", error: .unavailable) }
            for item in inbox.takeAll() {
                guard case .request(let request) = item else { return }
                do throws(RPCError) {
                    try subscription.apply(request, bus: simulator.bus, retention: settings.retention, now: now)
                } catch {
                    throw Ending(reason: "invalid", error: error)
                }
            }
            defer { simulator.reports.update(subscription.report) }
            if faults.isSilent {
                subscription.keepSilent(now: now)
                continue
            }
            guard simulator.isLive(token) else { throw Ending(reason: "auth", error: .authError("The access token expired.")) }
            let events = subscription.takeDeliverable(bus: simulator.bus, retention: settings.retention, now: now)
            if !events.isEmpty {
                try await writer.write(response(events, subscription, rpcId: rpcId))
            } else if subscription.needsKeepalive(interval: settings.keepaliveInterval, now: now) {
                subscription.sentKeepalive(now: now)
                try await writer.write(response([], subscription, rpcId: rpcId))
            }
            if subscription.isIdle(timeout: settings.idleTimeout, now: now) {
                throw Ending(reason: "idle", error: .idleTimeout, ranDry: true)
            }
            subscription.refreshZeroStretch(now)
        }
    }

    private func response(_ events: [PubSubEventBus.StoredEvent], _ subscription: PubSubSubscription, rpcId: String) -> Eventbus_V1_FetchResponse {
        var response = Eventbus_V1_FetchResponse()
        response.events = events.map { stored in
            var event = Eventbus_V1_ConsumerEvent()
            event.event = stored.event
            event.replayID = PubSubReplayId.bytes(stored.replayId)
            return event
        }
        let latest = events.last?.replayId ?? subscription.topic.map(simulator.bus.newestId) ?? 0
        response.latestReplayID = PubSubReplayId.bytes(latest)
        response.rpcID = rpcId
        response.pendingNumRequested = Int32(subscription.pending)
        return response
    }
}
