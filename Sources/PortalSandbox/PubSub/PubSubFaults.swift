import Synchronization

/// The Pub/Sub simulator's faults, set from Swift or with `POST /_control/salesforce/pubsub/faults`.
/// Thread-safe; a change applies to the next call, and open streams notice it within a tick.
public final class PubSubFaults: Sendable {
    /// The faults in effect.
    public struct State: Sendable, Equatable {
        /// The next this-many calls (any RPC) fail `UNAVAILABLE` (`…service.unavailable`).
        public var unavailableCalls = 0
        /// Every Subscribe stream sends nothing at all, keepalives, errors and idle closes included, until
        /// cleared; the requests a client sends meanwhile still count.
        public var silent = false
        /// The next this-many published events carry a payload that does not decode with their schema.
        public var malformedEvents = 0

        public init() {}
    }

    private let state = Mutex((faults: State(), streamBreaks: 0))
    private let bus: PubSubEventBus

    init(bus: PubSubEventBus) {
        self.bus = bus
    }

    public var current: State {
        get { state.withLock { $0.faults } }
        set {
            state.withLock { $0.faults = newValue }
            bus.wakeAll()
        }
    }

    /// Clears every fault (a changed schema stays changed, as in Salesforce).
    public func clear() {
        current = State()
    }

    /// Ends every Subscribe stream open now with `UNAVAILABLE`, as a server restart or a reset stream would.
    public func endOpenStreams() {
        state.withLock { $0.streamBreaks += 1 }
        bus.wakeAll()
    }

    /// Switches the topic of `eventName` (e.g. `OrderProvisionRequested__e`) to its next schema version, with a
    /// new schema id that `GetTopic` answers and later events use; nil when the event is unknown or its schema
    /// has no further version (each topic has two).
    @discardableResult
    public func changeSchema(of eventName: String) -> String? {
        bus.changeSchema(of: "/event/\(eventName)")?.id
    }

    /// Takes one call out of the `unavailableCalls` budget: true when this call is to fail.
    func takeUnavailableCall() -> Bool {
        state.withLock { state in
            guard state.faults.unavailableCalls > 0 else { return false }
            state.faults.unavailableCalls -= 1
            return true
        }
    }

    /// Takes one event out of the `malformedEvents` budget: true when this event's payload is to be broken.
    func takeMalformedEvent() -> Bool {
        state.withLock { state in
            guard state.faults.malformedEvents > 0 else { return false }
            state.faults.malformedEvents -= 1
            return true
        }
    }

    var isSilent: Bool { state.withLock { $0.faults.silent } }

    /// Counts `endOpenStreams()` calls: a stream ends when it changes after the stream opened.
    var streamBreaks: Int { state.withLock { $0.streamBreaks } }
}
