import GRPCCore

/// The errors the simulator ends calls with, each carrying Salesforce's `error-code` trailer. The codes of
/// `authError`, `unavailable` and `replayIdCorrupted` are Salesforce's documented ones; the others are the
/// sandbox's own, in Salesforce's style.
extension RPCError {
    static let errorCodeKey = "error-code"

    static func pubSub(_ code: Code, _ errorCode: String, _ message: String) -> RPCError {
        RPCError(code: code, message: message, metadata: [errorCodeKey: .string(errorCode)])
    }

    static func authError(_ message: String) -> RPCError {
        .pubSub(.unauthenticated, "sfdc.platform.eventbus.grpc.service.auth.error", message)
    }

    static let unavailable = RPCError.pubSub(.unavailable, "sfdc.platform.eventbus.grpc.service.unavailable", "The service is unavailable.")

    static let replayIdCorrupted = RPCError.pubSub(
        .invalidArgument,
        "sfdc.platform.eventbus.grpc.subscription.fetch.replayid.corrupted",
        "The replay ID validation failed: it is not valid or is outside the retention window."
    )

    static func topicNotFound(_ name: String) -> RPCError {
        .pubSub(.notFound, "sfdc.platform.eventbus.grpc.topic.not.found", "Topic not found: \(name)")
    }

    static func schemaNotFound(_ id: String) -> RPCError {
        .pubSub(.notFound, "sfdc.platform.eventbus.grpc.schema.not.found", "Schema not found: \(id)")
    }

    static func topicMismatch(_ name: String) -> RPCError {
        .pubSub(.invalidArgument, "sfdc.platform.eventbus.grpc.subscription.fetch.topic.mismatch", "A stream subscribes to one topic; got \(name)")
    }

    static let idleTimeout = RPCError.pubSub(
        .unavailable,
        "sfdc.platform.eventbus.grpc.subscription.idle.timeout",
        "The stream was closed: no events were requested for too long."
    )
}
