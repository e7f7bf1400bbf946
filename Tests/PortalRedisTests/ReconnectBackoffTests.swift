import Testing

@testable import PortalRedis

@Suite("Reconnect backoff")
struct ReconnectBackoffTests {
    let start = ContinuousClock.now
    let initial = Duration.milliseconds(100)
    let maximum = Duration.milliseconds(500)

    private func backoff() -> ReconnectBackoff { ReconnectBackoff(initial: initial, maximum: maximum) }

    @Test func aFailedConnectMakesTheClientWaitAtLeastHalfTheInitialDelayAndAtMostAllOfIt() {
        var backoff = backoff()
        backoff.recordFailure(ofAttemptStartedAt: start, now: start)
        #expect(backoff.isWaiting(now: start + initial * 0.49))
        #expect(!backoff.isWaiting(now: start + initial))
    }

    @Test func attemptsBegunDuringAWaitDoNotLengthenItWhenTheyFail() throws {
        var backoff = backoff()
        backoff.recordFailure(ofAttemptStartedAt: start, now: start)
        let retryAt = try #require(backoff.retryAt)
        for replacement in 0..<8 {
            let began = start + .milliseconds(replacement)
            backoff.recordFailure(ofAttemptStartedAt: began, now: retryAt + .milliseconds(1))
        }
        #expect(backoff.retryAt == retryAt)
        #expect(backoff.consecutiveFailures == 1)
    }

    @Test func anAttemptBegunBeforeTheLastSuccessCountsForNothingWhenItFails() {
        var backoff = backoff()
        backoff.recordSuccess(now: start + .milliseconds(10))
        backoff.recordFailure(ofAttemptStartedAt: start, now: start + .milliseconds(20))
        #expect(!backoff.isWaiting(now: start + .milliseconds(20)))
        #expect(backoff.consecutiveFailures == 0)
    }

    @Test func eachFailedProbeAfterAWaitDoublesItUpToTheMaximum() throws {
        var backoff = backoff()
        var now = start
        for failure in 1...10 {
            backoff.recordFailure(ofAttemptStartedAt: now, now: now)
            #expect(backoff.consecutiveFailures == failure)
            let retryAt = try #require(backoff.retryAt)
            let ceiling = min(initial * (1 << (failure - 1)), maximum)
            #expect(now.duration(to: retryAt) >= ceiling / 2 && now.duration(to: retryAt) <= ceiling)
            now = retryAt
        }
    }

    @Test func aSuccessEndsTheWaitAndTheCount() {
        var backoff = backoff()
        backoff.recordFailure(ofAttemptStartedAt: start, now: start)
        backoff.recordSuccess(now: start + .milliseconds(1))
        #expect(!backoff.isWaiting(now: start + .milliseconds(1)))
        #expect(backoff.consecutiveFailures == 0)
    }
}
