import GRPCCore
import Logging
import Metrics

extension SalesforceOrchestrator {
    /// A Platform Event subscriber to `settings.host`:`settings.port` (TLS unless `settings.tls` is off),
    /// signed in with this orchestrator's session.
    public func pubSubSubscriber(
        settings: SalesforcePubSubSettings,
        sink: some PlatformEventSink,
        metrics: any MetricsFactory = MetricsSystem.factory,
        logger: Logger
    ) -> SalesforcePubSubSubscriber {
        SalesforcePubSubSubscriber(
            settings: settings,
            session: connection.session,
            sink: sink,
            metrics: metrics,
            logger: logger,
            transport: { try settings.posixTransport() }
        )
    }

    /// The same over a given transport (an in-process one in tests; `settings.host`, `port` and `tls`
    /// are then unused). A transport serves one `run()`.
    public func pubSubSubscriber<Transport: ClientTransport>(
        settings: SalesforcePubSubSettings,
        sink: some PlatformEventSink,
        transport: Transport,
        metrics: any MetricsFactory = MetricsSystem.factory,
        logger: Logger
    ) -> SalesforcePubSubSubscriber {
        SalesforcePubSubSubscriber(
            settings: settings,
            session: connection.session,
            sink: sink,
            metrics: metrics,
            logger: logger,
            transport: { transport }
        )
    }
}
