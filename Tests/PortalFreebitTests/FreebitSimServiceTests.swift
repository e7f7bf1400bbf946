import Domain
import Foundation
import Logging
import PortalSandbox
import PortalUpstream
import TestSupport
import Testing

@testable import PortalFreebit

/// A sandbox (reached in process unless a test is about the socket) and a Freebit SIM service against it.
struct FreebitHarness {
    let reached: SandboxUnderTest
    let logs = LogCapture()
    let today = LocalDate(year: 2026, month: 11, day: 23)!

    var sandbox: Sandbox { reached.sandbox }

    static func start(_ reach: SandboxUnderTest.Reach = .inProcess) async throws -> FreebitHarness {
        FreebitHarness(reached: try await SandboxUnderTest.start(reach))
    }

    /// Starts a harness, runs `body` with it and stops its sandbox before returning, whether the body
    /// returned or threw.
    @discardableResult
    static func withRunning<Result>(
        _ reach: SandboxUnderTest.Reach = .inProcess,
        _ body: (FreebitHarness) async throws -> Result
    ) async throws -> Result {
        try await withTeardown(try await start(reach), stop: { await $0.reached.stop() }, body)
    }

    func service(oemKey: String = Sandbox.freebitCredentials.oemKey) -> FreebitSimService {
        let credentials = FreebitCredentials(baseURL: reached.baseURLs.freebit, oemId: Sandbox.freebitCredentials.oemId, oemKey: oemKey)
        let caller = UpstreamCaller(
            system: "freebit",
            transport: reached.transport,
            settings: .init(retry: RetryPolicy(baseDelay: .milliseconds(5), maximumDelay: .milliseconds(20))),
            logger: logs.logger()
        )
        let today = today
        return FreebitSimService(
            connection: FreebitConnection(credentials: credentials, caller: caller),
            planNames: ["PSP10G": "10GB"],
            today: { today }
        )
    }

    /// A service whose calls give up after `timeout`, logging nothing: for writes whose answer never comes.
    func impatientService(timeout: Duration = .milliseconds(500)) -> FreebitSimService {
        let caller = UpstreamCaller(
            system: "freebit",
            transport: reached.transport,
            settings: .init(timeout: timeout),
            logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }
        )
        let credentials = FreebitCredentials(
            baseURL: reached.baseURLs.freebit,
            oemId: Sandbox.freebitCredentials.oemId,
            oemKey: Sandbox.freebitCredentials.oemKey
        )
        let today = today
        return FreebitSimService(connection: FreebitConnection(credentials: credentials, caller: caller), today: { today })
    }
}

@Suite("Freebit SIM service against the sandbox")
struct FreebitSimServiceTests {
    let account = "08010000000"

    /// In process and over the socket alike.
    @Test(arguments: SandboxUnderTest.Reach.allCases) func simDetailsMap(_ reach: SandboxUnderTest.Reach) async throws {
        try await FreebitHarness.withRunning(reach) { harness in
            let sim = try await harness.service().details(account: account)
            #expect(sim.account == account)
            #expect(sim.status == .active)
            #expect(sim.planName == "10GB")
            #expect(sim.remainingQuotaMB == 10_240)
        }
    }

    @Test func usageCoversTheAskedDaysFreebitStillReports() async throws {
        try await FreebitHarness.withRunning { harness in
            let usage = try await harness.service().usage(account: account, from: LocalDate(year: 2026, month: 11, day: 1)!, to: harness.today)
            #expect(usage.days.count == 4)
            #expect(usage.to == harness.today)
            let narrow = try await harness.service().usage(account: account, from: harness.today, to: harness.today)
            #expect(narrow.days.map(\.date) == [harness.today])
        }
    }

    @Test func aTopUpRaisesTheQuota() async throws {
        try await FreebitHarness.withRunning { harness in
            let service = harness.service()
            let before = try await service.details(account: account).remainingQuotaMB ?? 0
            let topUp = try await service.topUp(account: account, megabytes: 1000)
            #expect(topUp == SimTopUp(account: account, addedMB: 1000, expiresOn: nil))
            #expect(try await service.details(account: account).remainingQuotaMB == before + 1000)
        }
    }

    @Test func anExpiredAuthKeyIsReplacedOnceAndTheCallRepeated() async throws {
        try await FreebitHarness.withRunning { harness in
            let service = harness.service()
            _ = try await service.details(account: account)
            harness.sandbox.expireFreebitAuthKeys()
            harness.sandbox.freebitKnobs.resetCalls()
            _ = try await service.details(account: account)
            #expect(harness.sandbox.freebitKnobs.calls("freebit.authOem") == 1)
            #expect(harness.sandbox.freebitKnobs.calls("freebit.getDetail") == 2)
        }
    }

    @Test func concurrentCallsShareOneAuthentication() async throws {
        try await FreebitHarness.withRunning { harness in
            let service = harness.service()
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<10 { group.addTask { _ = try await service.details(account: account) } }
                try await group.waitForAll()
            }
            #expect(harness.sandbox.freebitKnobs.calls("freebit.authOem") == 1)
        }
    }

    @Test func wrongOemCredentialsAreAnAuthenticationFailure() async throws {
        try await FreebitHarness.withRunning { harness in
            await #expect {
                try await harness.service(oemKey: "wrong").details(account: account)
            } throws: { error in
                if case .authenticationFailed = error as? UpstreamError { true } else { false }
            }
            #expect(harness.sandbox.freebitKnobs.calls("freebit.authOem") == 1)
        }
    }

    @Test func theOemKeyAndAuthKeysAreNeverLogged() async throws {
        try await FreebitHarness.withRunning { harness in
            _ = try await harness.service().details(account: account)
            #expect(!harness.logs.all.isEmpty)
            #expect(!harness.logs.text.contains(Sandbox.freebitCredentials.oemKey))
            #expect(!harness.logs.text.contains("authKey"))
        }
    }

    @Test func anUnknownAccountIsATypedRefusalNotAnEmptyValue() async throws {
        try await FreebitHarness.withRunning { harness in
            await #expect {
                try await harness.service().details(account: "09099999999")
            } throws: { error in
                if case .rejected(_, .errorEnvelope, _) = error as? UpstreamError { true } else { false }
            }
        }
    }

    @Test func aTopUpIsNotRetriedAfterATimeoutAndItsOutcomeIsUnknown() async throws {
        try await FreebitHarness.withRunning { harness in
            let service = harness.impatientService()
            _ = try await service.details(account: account)
            var knobs = harness.sandbox.freebitKnobs.settings
            knobs.timeoutRate = 1
            knobs.timeoutDelay = .seconds(2)
            harness.sandbox.freebitKnobs.settings = knobs
            await #expect {
                try await service.topUp(account: account, megabytes: 100)
            } throws: { error in
                if case .outcomeUnknown = error as? UpstreamError { true } else { false }
            }
            #expect(harness.sandbox.freebitKnobs.calls("freebit.addSpec") == 1)
        }
    }
}
