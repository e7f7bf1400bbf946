import PortalSupport
import PortalUpstream
import Testing

@Suite("Rate limiter")
struct RateLimiterTests {
    let clock = ManualClock()

    @Test func aBurstGoesOutAtOnce() {
        let limiter = RateLimiter(perMinute: 60, burst: 5, now: clock.now)
        for _ in 0..<5 { #expect(limiter.reserve(maximumWait: .zero) == .zero) }
    }

    @Test func pastTheBurstCallsAreSpacedAtTheConfiguredRate() {
        let limiter = RateLimiter(perMinute: 60, burst: 2, now: clock.now)
        _ = limiter.reserve(maximumWait: .zero)
        _ = limiter.reserve(maximumWait: .zero)
        #expect(limiter.reserve(maximumWait: .seconds(10)) == .seconds(1))
        #expect(limiter.reserve(maximumWait: .seconds(10)) == .seconds(2))
    }

    @Test func aWaitLongerThanAllowedReservesNothing() {
        let limiter = RateLimiter(perMinute: 60, burst: 1, now: clock.now)
        _ = limiter.reserve(maximumWait: .zero)
        #expect(limiter.reserve(maximumWait: .milliseconds(500)) == nil)
        clock.advance(by: .seconds(1))
        #expect(limiter.reserve(maximumWait: .zero) == .zero)
    }

    @Test func tokensRefillOverTimeUpToTheBurst() {
        let limiter = RateLimiter(perMinute: 120, burst: 3, now: clock.now)
        for _ in 0..<3 { _ = limiter.reserve(maximumWait: .zero) }
        clock.advance(by: .seconds(60))
        for _ in 0..<3 { #expect(limiter.reserve(maximumWait: .zero) == .zero) }
        #expect(limiter.reserve(maximumWait: .zero) == nil)
    }

    @Test func overAMinuteTheRateHolds() {
        let limiter = RateLimiter(perMinute: 100, burst: 10, now: clock.now)
        var granted = 0
        for _ in 0..<600 {
            if limiter.reserve(maximumWait: .zero) != nil { granted += 1 }
            clock.advance(by: .milliseconds(100))
        }
        #expect(granted <= 10 + 100)
        #expect(granted >= 100)
    }
}
