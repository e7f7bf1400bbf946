import PortalUpstream
import Testing

@Suite("Circuit breaker")
struct CircuitBreakerTests {
    let clock = ManualClock()

    private func breaker(threshold: Int = 3) -> CircuitBreaker {
        CircuitBreaker(configuration: .init(failureThreshold: threshold, openDuration: .seconds(30)), now: clock.now)
    }

    @Test func itOpensAfterTheThresholdOfConsecutiveFailures() {
        let breaker = breaker()
        for _ in 0..<2 { breaker.recordFailure() }
        #expect(breaker.state == .closed)
        #expect(breaker.allowsCall())
        breaker.recordFailure()
        #expect(breaker.state == .open)
        #expect(!breaker.allowsCall())
    }

    @Test func aSuccessResetsTheFailureCount() {
        let breaker = breaker()
        breaker.recordFailure()
        breaker.recordFailure()
        breaker.recordSuccess()
        breaker.recordFailure()
        breaker.recordFailure()
        #expect(breaker.state == .closed)
    }

    @Test func afterTheOpenDurationExactlyOneProbeGoesOut() {
        let breaker = breaker()
        for _ in 0..<3 { breaker.recordFailure() }
        clock.advance(by: .seconds(31))
        #expect(breaker.state == .halfOpen)
        #expect(breaker.allowsCall())
        #expect(!breaker.allowsCall())
    }

    @Test func aSuccessfulProbeClosesTheBreaker() {
        let breaker = breaker()
        for _ in 0..<3 { breaker.recordFailure() }
        clock.advance(by: .seconds(31))
        #expect(breaker.allowsCall())
        breaker.recordSuccess()
        #expect(breaker.state == .closed)
        #expect(breaker.allowsCall())
        #expect(breaker.allowsCall())
    }

    @Test func aFailedProbeOpensTheBreakerForAnotherPeriod() {
        let breaker = breaker()
        for _ in 0..<3 { breaker.recordFailure() }
        clock.advance(by: .seconds(31))
        #expect(breaker.allowsCall())
        breaker.recordFailure()
        #expect(breaker.state == .open)
        clock.advance(by: .seconds(29))
        #expect(!breaker.allowsCall())
        clock.advance(by: .seconds(2))
        #expect(breaker.allowsCall())
    }

    @Test func anAbandonedCallNeitherCountsNorKeepsTheProbesPlace() {
        let breaker = breaker()
        for _ in 0..<2 { breaker.recordFailure() }
        for _ in 0..<5 { breaker.recordAbandoned() }
        #expect(breaker.state == .closed)
        breaker.recordFailure()
        clock.advance(by: .seconds(31))
        #expect(breaker.allowsCall())
        breaker.recordAbandoned()
        #expect(breaker.state == .halfOpen)
        #expect(breaker.allowsCall())
    }
}
