import Domain
import Foundation
import Logging
import PortalSandbox
import PortalUpstream
import TestSupport
import Testing

@testable import PortalFreebit

@Suite("Freebit plan change against the sandbox")
struct FreebitPlanChangeTests {
    let account = "08010000000"
    let firstOfNextMonth = LocalDate(year: 2026, month: 12, day: 1)!

    /// The sandbox's calendar set to the harness's today, so dates are the same on both sides.
    private func running(_ body: (FreebitHarness, FreebitSimService) async throws -> Void) async throws {
        try await FreebitHarness.withRunning { harness in
            harness.sandbox.freebitToday = harness.today
            try await body(harness, harness.service())
        }
    }

    private func refusal(_ outcome: SimPlanChangeOutcome) -> SimPlanChangeRefusal? {
        if case .refused(let refusal) = outcome { refusal } else { nil }
    }

    @Test func aLaterDateIsReservedAndShownUntilItComes() async throws {
        try await running { harness, service in
            let outcome = try await service.changePlan(account: account, planCode: "PSP20G", effectiveOn: firstOfNextMonth)
            guard case .changed(let change) = outcome else { throw Unexpected(outcome) }
            #expect(change.scheduled)
            #expect(change.effectiveOn == firstOfNextMonth)
            let reserved = try await service.details(account: account)
            #expect(reserved.planCode == "PSP10G")
            #expect(reserved.pendingPlanChange == SimPendingPlanChange(planCode: "PSP20G", planName: nil, effectiveOn: firstOfNextMonth))
            harness.sandbox.freebitToday = firstOfNextMonth
            let applied = try await service.details(account: account)
            #expect(applied.planCode == "PSP20G")
            #expect(applied.pendingPlanChange == nil)
        }
    }

    @Test func todayIsImmediate() async throws {
        try await running { harness, service in
            let outcome = try await service.changePlan(account: account, planCode: "PSP3G", effectiveOn: harness.today)
            guard case .changed(let change) = outcome else { throw Unexpected(outcome) }
            #expect(!change.scheduled)
            #expect(try await service.details(account: account).planCode == "PSP3G")
        }
    }

    @Test func refusalsAreTold() async throws {
        try await running { harness, service in
            #expect(refusal(try await service.changePlan(account: account, planCode: "NOPE", effectiveOn: firstOfNextMonth)) == .unknownPlan)
            #expect(refusal(try await service.changePlan(account: account, planCode: "PSV20G", effectiveOn: firstOfNextMonth)) == .notAllowed)
            #expect(refusal(try await service.changePlan(account: account, planCode: "PSP10G", effectiveOn: harness.today)) == .samePlan)
            harness.sandbox.freebitToday = firstOfNextMonth
            #expect(refusal(try await service.changePlan(account: account, planCode: "PSP20G", effectiveOn: firstOfNextMonth)) == .invalidDate)
            harness.sandbox.freebitToday = harness.today
            _ = try await service.changePlan(account: account, planCode: "PSP20G", effectiveOn: firstOfNextMonth)
            #expect(refusal(try await service.changePlan(account: account, planCode: "PSP3G", effectiveOn: firstOfNextMonth)) == .changePending)
        }
    }

    @Test func aChangeIsNotRetriedAfterATimeout() async throws {
        try await running { harness, _ in
            let service = harness.impatientService()
            _ = try await service.details(account: account)
            var knobs = SimulatorKnobs.Settings()
            knobs.timeoutRate = 1
            knobs.timeoutDelay = .seconds(2)
            knobs.actions = ["freebit.changePlan"]
            harness.sandbox.freebitKnobs.settings = knobs
            await #expect {
                try await service.changePlan(account: account, planCode: "PSP20G", effectiveOn: firstOfNextMonth)
            } throws: { error in
                if case .outcomeUnknown = error as? UpstreamError { true } else { false }
            }
            #expect(harness.sandbox.freebitKnobs.calls("freebit.changePlan") == 1)
        }
    }

    private struct Unexpected: Error {
        init(_ outcome: SimPlanChangeOutcome) { self.outcome = "\(outcome)" }
        let outcome: String
    }
}
