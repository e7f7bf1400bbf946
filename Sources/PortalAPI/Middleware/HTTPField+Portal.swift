import HTTPTypes

extension HTTPField.Name {
    /// `X-Request-Id`: the caller's or our id of a request, on every response.
    static let requestId = Self("X-Request-Id")!
    /// `Cache-Status` (RFC 9211): what the cache did for this answer.
    static let cacheStatus = Self("Cache-Status")!
}

extension HTTPField.Name {
    /// Standard Webhooks headers.
    static let webhookId = Self("webhook-id")!
    static let webhookTimestamp = Self("webhook-timestamp")!
    static let webhookSignature = Self("webhook-signature")!
}

extension HTTPField.Name {
    /// The caller's key that makes a write safe to repeat, and our mark on an answer given again.
    static let idempotencyKey = Self("Idempotency-Key")!
    static let idempotentReplayed = Self("Idempotent-Replayed")!
}
