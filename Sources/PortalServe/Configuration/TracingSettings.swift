import Configuration
import Foundation
import Logging
import OTel
import PortalSupport
import ServiceLifecycle
import Tracing

/// Tracing, read once from configuration. W3C trace context is always on: a request's `traceparent` is
/// continued (a trace is started when none comes), goes out on every upstream call, and its trace id is on
/// every log line of the request. Spans are exported with OTLP over gRPC only when `tracing.otlpEndpoint`
/// is set (e.g. `http://127.0.0.1:4317`); off by default.
///
/// Keys: `tracing.otlpEndpoint`, `tracing.serviceName` (`portal-bff`), `tracing.sampleRatio` (1.0: with an
/// endpoint, the share of traces started here that are recorded; a caller's sampling decision is kept). The `OTEL_*`
/// environment variables of swift-otel (e.g. `OTEL_BSP_SCHEDULE_DELAY`) override them.
public struct TracingSettings: Sendable {
    public let otlpEndpoint: String?
    public let serviceName: String
    public let sampleRatio: Double

    public init(config: ConfigReader) throws(ConfigurationError) {
        let endpoint = config.string(forKey: "tracing.otlpEndpoint", default: "").trimmingCharacters(in: .whitespaces)
        if !endpoint.isEmpty {
            guard let url = URL(string: endpoint), ["http", "https"].contains(url.scheme ?? ""), url.host != nil else {
                throw ConfigurationError(key: "tracing.otlpEndpoint", problem: "must be an http:// or https:// URL of an OTLP/gRPC receiver")
            }
        }
        otlpEndpoint = endpoint.isEmpty ? nil : endpoint
        serviceName = config.string(forKey: "tracing.serviceName", default: "portal-bff")
        let ratio = config.double(forKey: "tracing.sampleRatio", default: 1)
        guard (0...1).contains(ratio) else { throw ConfigurationError(key: "tracing.sampleRatio", problem: "must be in 0...1, found \(ratio)") }
        sampleRatio = ratio
    }

    /// Bootstraps the process's tracer (once per process) and returns the service that runs its span
    /// processor and exporter; it must outlive the services whose spans it exports.
    public func bootstrap() throws -> any Service {
        var configuration = OTel.Configuration.default
        configuration.serviceName = serviceName
        configuration.logs.enabled = false
        configuration.metrics.enabled = false
        configuration.propagators = [.traceContext]
        if let otlpEndpoint {
            configuration.traces.sampler = .parentBasedTraceIDRatio(ratio: sampleRatio) ?? .parentBasedAlwaysOn
            configuration.traces.exporter = .otlp
            configuration.traces.otlpExporter.endpoint = otlpEndpoint
            configuration.traces.otlpExporter.protocol = .grpc
        } else {
            // Nothing is exported, so a trace started here is not recorded (its ids are still made, logged
            // and propagated, unsampled); a caller's sampled trace still is, as W3C asks.
            configuration.traces.sampler = .parentBasedAlwaysOff
            configuration.traces.exporter = .none
        }
        let backend = try OTel.makeTracingBackend(configuration: configuration)
        InstrumentationSystem.bootstrap(backend.factory)
        return backend.service
    }

    /// Adds the current span's trace and span ids to every log line (`trace_id`, `span_id`).
    public static var logMetadata: Logger.MetadataProvider { OTel.makeLoggingMetadataProvider() }
}
