import Logging
import PortalAPI
import ServiceLifecycle
import UnixSignals

/// What `serve` runs, as one ServiceLifecycle group. On SIGTERM or SIGINT the services stop in reverse order:
/// the drain period first (the instance keeps serving while `/readyz` says 503), then the API application
/// (stops accepting, finishes the requests in flight), then the operator listener (so metrics stay scrapable
/// until the API is down), then the background workers finish their current job, and only then the things
/// they used close, in reverse order of `closing`, and last the telemetry (the tracer exports every span).
public enum PortalServices {
    public static func group(
        application: some Service,
        operatorApplication: (any Service)? = nil,
        workers: [any Service] = [],
        telemetry: [any Service] = [],
        closing: [ClosingService],
        drain: DrainService? = nil,
        gracefulShutdownSignals: [UnixSignal] = [.sigterm, .sigint],
        logger: Logger
    ) -> ServiceGroup {
        var services: [any Service] = telemetry
        services += closing.map { $0 as any Service }
        services += workers
        if let operatorApplication { services.append(operatorApplication) }
        services.append(application)
        if let drain { services.append(drain) }
        return ServiceGroup(
            configuration: .init(
                services: services.map { .init(service: $0) },
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
