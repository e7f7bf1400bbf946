import InMemoryTracing
import Tracing

/// The one tracer of the test process (`InstrumentationSystem` is bootstrapped once per process), which
/// keeps spans in memory. Tests look only at the spans of a trace of their own (`TestTracing.trace`).
public enum TestTracing {
    public static let tracer: InMemoryTracer = {
        let tracer = InMemoryTracer()
        InstrumentationSystem.bootstrap(tracer)
        return tracer
    }()

    /// Runs `body` inside a root span of a new trace, and returns its value, the root span's ids and every
    /// finished span of the trace (the root's included).
    public static func trace<Value>(
        _ body: () async throws -> Value
    ) async rethrows -> (value: Value, root: (traceID: String, spanID: String), spans: [FinishedInMemorySpan]) {
        let span = tracer.startSpan("test", context: .topLevel)
        let value = try await ServiceContext.$current.withValue(span.context) { try await body() }
        span.end()
        let root = (traceID: span.traceID, spanID: span.spanID)
        return (value, root, tracer.finishedSpans.filter { $0.traceID == root.traceID })
    }
}
