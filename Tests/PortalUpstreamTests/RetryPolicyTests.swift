import PortalUpstream
import Testing

@Suite("Retry policy")
struct RetryPolicyTests {
    let policy = RetryPolicy()

    @Test func networkErrorsOfReadsAreRetriedUpToFiveAttempts() {
        for attempt in 1...4 {
            guard case .retry = policy.decide(after: .network, attempt: attempt, rateLimitRetries: 0, isIdempotent: true) else {
                Issue.record("attempt \(attempt) was not retried")
                return
            }
        }
        #expect(policy.decide(after: .network, attempt: 5, rateLimitRetries: 0, isIdempotent: true) == .giveUp)
    }

    @Test func writesAreNeverRetriedAfterANetworkErrorOrTimeout() {
        #expect(policy.decide(after: .network, attempt: 1, rateLimitRetries: 0, isIdempotent: false) == .giveUp)
        #expect(policy.decide(after: .timeout, attempt: 1, rateLimitRetries: 0, isIdempotent: false) == .giveUp)
    }

    @Test func backoffGrowsExponentiallyWithFullJitterAndACap() {
        let delays = (1...6).map { attempt in
            policy.decide(after: .timeout, attempt: attempt, rateLimitRetries: 0, isIdempotent: true, random: { 1 })
        }
        #expect(
            delays.prefix(4) == [
                .retry(after: .milliseconds(100)), .retry(after: .milliseconds(200)), .retry(after: .milliseconds(400)),
                .retry(after: .milliseconds(800)),
            ]
        )
        let capped = RetryPolicy(maximumAttempts: 10).decide(after: .timeout, attempt: 8, rateLimitRetries: 0, isIdempotent: true, random: { 1 })
        #expect(capped == .retry(after: .seconds(2)))
        #expect(
            policy.decide(after: .timeout, attempt: 3, rateLimitRetries: 0, isIdempotent: true, random: { 0.5 }) == .retry(after: .milliseconds(200))
        )
    }

    @Test func rateLimitingHonoursRetryAfterAtMostThreeTimes() {
        #expect(
            policy.decide(after: .rateLimited(retryAfter: .seconds(2)), attempt: 1, rateLimitRetries: 0, isIdempotent: false)
                == .retry(after: .seconds(2))
        )
        #expect(
            policy.decide(after: .rateLimited(retryAfter: .seconds(2)), attempt: 4, rateLimitRetries: 2, isIdempotent: true)
                == .retry(after: .seconds(2))
        )
        #expect(policy.decide(after: .rateLimited(retryAfter: .seconds(2)), attempt: 5, rateLimitRetries: 3, isIdempotent: true) == .giveUp)
    }

    @Test func aRetryAfterLongerThanTheLimitIsNotWaitedFor() {
        #expect(policy.decide(after: .rateLimited(retryAfter: .seconds(120)), attempt: 1, rateLimitRetries: 0, isIdempotent: true) == .giveUp)
    }

    @Test func authenticationFailuresAndInvalidDataAreNeverRetried() {
        #expect(policy.decide(after: .notRetryable, attempt: 1, rateLimitRetries: 0, isIdempotent: true) == .giveUp)
    }
}
