import Logging
import PortalAPI
import ServiceLifecycle
import UnixSignals

/// What `serve` runs, as one ServiceLifecycle group. On SIGTERM or SIGINT the services stop in reverse order:
/// the drain period first (the instance keeps serving while `/readyz` says 503), then the API application
/// (stops accepting, finishes the requests in flight), then the operator listener (so metrics stay scrapable
/// until the API is down), then the background workers finish their current job, and only then the things
/// they used close, in reverse order of `closing`.
public enum PortalServices {
    public static func group(
        application: some Service,
        operatorApplication: (any Service)? = nil,
        workers: [any Service] = [],
        closing: [ClosingService],
        drain: DrainService? = nil,
        gracefulShutdownSignals: [UnixSignal] = [.sigterm, .sigint],
        logger: Logger
    ) -> ServiceGroup {
        ServiceGroup(
            configuration: .init(
                services: closing.map { .init(service: $0) } + workers.map { .init(service: $0) }
                    + (operatorApplication.map { [.init(service: $0)] } ?? []) + [.init(service: application)]
                    + (drain.map { [.init(service: $0)] } ?? []),
                gracefulShutdownSignals: gracefulShutdownSignals,
                logger: logger
            )
        )
    }
}

/// A resource that lives as long as the service group and is closed when the group shuts down.
public struct ClosingService: Service, CustomStringConvertible {
    public let description: String
    private let close: @Sendable () async -> Void

    public init(_ name: String, close: @escaping @Sendable () async -> Void) {
        description = name
        self.close = close
    }

    public func run() async throws {
        try? await gracefulShutdown()
        await close()
    }
}
