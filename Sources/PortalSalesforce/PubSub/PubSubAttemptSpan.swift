import GRPCCore
import Tracing

/// One connection attempt of a topic's subscription as a client span of a trace of its own (a stream is
/// not part of any request): sign-in, GetTopic, GetSchema and Subscribe inside it, its W3C `traceparent`
/// on every call's metadata.
enum PubSubAttemptSpan {
    static func run<Result>(topic: String, cause: PubSubConnectCause, _ body: (_ trace: Metadata) async -> Result) async -> Result {
        let span = startSpan("pubsub subscribe \(topic)", context: .topLevel, ofKind: .client)
        span.updateAttributes { attributes in
            attributes["rpc.system"] = "grpc"
            attributes["rpc.service"] = "eventbus.v1.PubSub"
            attributes["pubsub.topic"] = topic
            attributes["pubsub.connect_cause"] = cause.rawValue
        }
        defer { span.end() }
        var trace = Metadata()
        InstrumentationSystem.instrument.inject(span.context, into: &trace, using: MetadataInjector())
        return await ServiceContext.$current.withValue(span.context) { await body(trace) }
    }

    private struct MetadataInjector: Injector {
        func inject(_ value: String, forKey key: String, into metadata: inout Metadata) {
            metadata.replaceOrAddString(value, forKey: key)
        }
    }
}
