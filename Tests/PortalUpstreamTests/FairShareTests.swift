import Foundation
import PortalSupport
import PortalUpstream
import TestSupport
import Testing

@Suite("Upstream fair shares")
struct FairShareTests {
    let logs = LogCapture()
    let request = UpstreamRequest.form(URL(string: "http://127.0.0.1:1/includes/api.php")!, fields: [("action", "GetInvoices")])
    let clock = ManualClock()

    /// A budget of 10 calls that barely refills, of which each customer may spend 3, and all background work 3.
    private func caller(_ transport: ScriptedTransport) -> UpstreamCaller {
        let settings = UpstreamCaller.Settings(
            perMinute: 1,
            burst: 10,
            sharePerMinute: 1,
            shareBurst: 3,
            backgroundPerMinute: 1,
            backgroundBurst: 3,
            maximumQueueWait: .zero
        )
        return UpstreamCaller(system: "whmcs:test", transport: transport, settings: settings, logger: logs.logger())
    }

    private func call(_ caller: UpstreamCaller, as requester: UpstreamRequester) async -> Result<Int, UpstreamError> {
        await UpstreamCallContext.with(requester: requester, logger: nil) {
            do throws(UpstreamError) {
                return .success(try await caller.call(request, action: "GetInvoices", idempotent: true) { _ in .accept }.status)
            } catch {
                return .failure(error)
            }
        }
    }

    @Test func oneRequesterSpendingItsShareLeavesEveryoneElseTheirs() async throws {
        let transport = ScriptedTransport([])
        let caller = caller(transport)
        var flooded: [Result<Int, UpstreamError>] = []
        for _ in 0..<10 { flooded.append(await call(caller, as: .customer("flooder"))) }
        #expect(flooded.prefix(3).allSatisfy { (try? $0.get()) == 200 })
        for result in flooded.dropFirst(3) {
            guard case .failure(.shareSpent(let system, let retryAfter)) = result else {
                Issue.record("expected the flooder's own share to be spent, got \(result)")
                continue
            }
            #expect(system == "whmcs:test")
            #expect(retryAfter > .zero)
        }
        #expect(transport.calls == 3)
        for requester in [UpstreamRequester.customer("other"), .background] {
            for _ in 0..<3 { #expect((try? await call(caller, as: requester).get()) == 200) }
        }
        #expect(transport.calls == 9)
    }

    @Test func callsMadeForNoCustomerAreChargedToTheBackgroundShare() async throws {
        let transport = ScriptedTransport([])
        let caller = caller(transport)
        for _ in 0..<3 { _ = try await caller.call(request, action: "GetInvoices", idempotent: true) { _ in .accept } }
        guard case .failure(.shareSpent) = await call(caller, as: .background) else {
            Issue.record("calls made outside any request should spend the background share")
            return
        }
        #expect((try? await call(caller, as: .customer("someone")).get()) == 200)
    }

    @Test func sharesOfManyRequestersStayWithinTheirBound() {
        let shares = RequesterShares(perMinute: 60, burst: 2, maximumTracked: 8, now: clock.now)
        for index in 0..<100 {
            #expect(shares.reserve(for: .customer("customer-\(index)"), maximumWait: .zero) == .go(after: .zero))
            #expect(shares.trackedCount <= 8)
        }
    }

    @Test func aShareThatRefilledIsForgottenBeforeOneInUse() {
        let shares = RequesterShares(perMinute: 60, burst: 2, maximumTracked: 2, now: clock.now)
        for _ in 0..<2 { _ = shares.reserve(for: .customer("busy"), maximumWait: .zero) }
        _ = shares.reserve(for: .customer("idle"), maximumWait: .zero)
        clock.advance(by: .milliseconds(1500))
        _ = shares.reserve(for: .customer("newcomer"), maximumWait: .zero)
        #expect(shares.trackedCount == 2)
        #expect(shares.reserve(for: .customer("busy"), maximumWait: .zero) == .go(after: .zero))
        guard case .refused = shares.reserve(for: .customer("busy"), maximumWait: .zero) else {
            Issue.record("the busy requester's half-spent share must have been kept, not started afresh")
            return
        }
    }
}
