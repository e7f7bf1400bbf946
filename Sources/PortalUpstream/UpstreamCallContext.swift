import Logging

/// What the work an upstream call is made for hands down to it, however deep the call: whom it is charged
/// to (`UpstreamRequester`) and the logger its log lines go to (the request's, with its request id). Set
/// once per request or job with `with(requester:logger:operation:)`; a call made outside one is background
/// work logged on its caller's own logger.
public struct UpstreamCallContext: Sendable {
    public var requester: UpstreamRequester
    /// Nil: the caller's own logger.
    public var logger: Logger?

    public init(requester: UpstreamRequester = .background, logger: Logger? = nil) {
        self.requester = requester
        self.logger = logger
    }

    @TaskLocal public static var current = UpstreamCallContext()

    /// Runs `operation` with every upstream call in it charged to `requester` and logged on `logger`.
    public static func with<Value>(
        requester: UpstreamRequester,
        logger: Logger?,
        operation: () async throws -> Value,
        isolation: isolated (any Actor)? = #isolation
    ) async rethrows -> Value {
        try await $current.withValue(UpstreamCallContext(requester: requester, logger: logger), operation: operation, isolation: isolation)
    }
}
