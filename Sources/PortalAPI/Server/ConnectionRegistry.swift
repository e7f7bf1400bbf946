import NIOCore
import Synchronization

/// The open connections of one listener, and which of them have no request in progress.
///
/// At the cap a new connection takes the place of the connection idle longest: closing it loses nothing,
/// since it has sent no request that waits for an answer (HTTP/1.1 clients reopen closed keep-alive
/// connections). When every connection is busy, the new one is refused.
final class ConnectionRegistry: Sendable {
    enum Admission: Equatable {
        case admitted
        case refused
    }

    private struct Entry {
        let channel: any Channel
        /// When the connection last became idle (a tick of `State.clock`); nil while a request is in progress.
        var idleSince: UInt64?
    }

    private struct State {
        var entries: [ObjectIdentifier: Entry] = [:]
        var clock: UInt64 = 0
    }

    let maxConnections: Int
    private let state = Mutex(State())

    init(maxConnections: Int) {
        self.maxConnections = maxConnections
    }

    var openConnections: Int { state.withLock { $0.entries.count } }

    /// Counts `channel` in, closing the connection idle longest when the cap is reached; a refused channel
    /// is not counted (its caller closes it).
    func admit(_ channel: any Channel) -> Admission {
        let id = ObjectIdentifier(channel)
        let (admission, evicted) = state.withLock { state -> (Admission, (any Channel)?) in
            var evicted: (any Channel)?
            if state.entries.count >= maxConnections {
                let oldest = state.entries.compactMap { key, entry in entry.idleSince.map { (key, $0) } }.min { $0.1 < $1.1 }
                guard let oldest else { return (.refused, nil) }
                evicted = state.entries.removeValue(forKey: oldest.0)?.channel
            }
            state.clock += 1
            state.entries[id] = Entry(channel: channel, idleSince: state.clock)
            return (.admitted, evicted)
        }
        evicted?.close(promise: nil)
        if admission == .admitted {
            channel.closeFuture.whenComplete { [self] _ in
                state.withLock { _ = $0.entries.removeValue(forKey: id) }
            }
        }
        return admission
    }

    /// `channel` started reading a request (false) or finished answering its last one (true).
    func setIdle(_ channel: any Channel, _ idle: Bool) {
        let id = ObjectIdentifier(channel)
        state.withLock { state in
            guard state.entries[id] != nil else { return }
            state.clock += 1
            state.entries[id]?.idleSince = idle ? state.clock : nil
        }
    }
}
