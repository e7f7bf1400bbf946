import ServiceLifecycle
import Synchronization

/// Whether the instance is draining: shutting down, but still serving while load balancers notice
/// (`/readyz` answers 503) and stop sending it new connections.
public final class Draining: Sendable {
    private let state = Atomic<Bool>(false)

    public init() {}

    public var isDraining: Bool { state.load(ordering: .relaxed) }

    func begin() {
        state.store(true, ordering: .relaxed)
    }
}

/// The first service to hear of a shutdown: it marks the instance draining, keeps it serving for `period`,
/// and only then lets the application stop accepting connections.
public struct DrainService: Service {
    let draining: Draining
    let period: Duration

    public init(draining: Draining, period: Duration) {
        self.draining = draining
        self.period = period
    }

    public func run() async throws {
        try? await gracefulShutdown()
        draining.begin()
        try? await Task.sleep(for: period)
    }
}
