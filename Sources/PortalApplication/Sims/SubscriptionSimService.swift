import Domain
import PortalCache
import PortalFreebit
import PortalUpstream

/// The SIM of one of the caller's subscriptions at Freebit. The subscription is looked up first, so
/// another customer's SIM is not found and Freebit is never asked about it.
public struct SubscriptionSimService: Sendable {
    let upstreams: Upstreams
    let cache: CacheService
    let clock: ApplicationClock

    /// Today's date in Japan, the earliest a top-up may expire.
    public func today() -> LocalDate { clock.today() }

    /// The top-up of `request` for the SIM of the caller's subscription, to be run once per idempotency
    /// key; it drops the SIM's cached details and usage.
    public func topUp(_ request: TopUpRequest, serviceId: Int, for customer: Customer) throws(ServiceError) -> SimTopUpWrite {
        let freebit = try upstreams.requireFreebit()
        let billing = try upstreams.billingAccount(of: customer)
        let cache = cache
        return SimTopUpWrite(serviceId: serviceId, request: request, freebit: freebit, billing: billing) {
            if let group = CacheGroups.whmcs(instance: billing.instance, clientId: billing.clientId, .sim) { try? await cache.invalidate([group]) }
        }
    }

    /// The caller's WHMCS client, where the SIM's entries are cached.
    public func account(of customer: Customer) throws(ServiceError) -> BillingAccount {
        _ = try upstreams.requireFreebit()
        return try upstreams.billingAccount(of: customer)
    }

    public func details(_ account: BillingAccount, serviceId: Int) async throws(ServiceError) -> SimDetails {
        let freebit = try upstreams.requireFreebit()
        return try await ServiceError.showing(notFound: "SIM") { () async throws(UpstreamError) in
            try await freebit.details(account: try await Self.line(of: serviceId, account))
        }
    }

    /// The usage window a request asks for: `to` defaults to today in Japan, `from` to six days before
    /// `to`; `from` after `to` is invalid.
    public func window(from: LocalDate?, to: LocalDate?) throws(ServiceError) -> ClosedRange<LocalDate> {
        let today = clock.today()
        let end = to ?? today
        let start = from ?? end.adding(days: -6) ?? end
        guard start <= end else { throw .invalid(["from": "must not be after to"]) }
        return start...end
    }

    public func usage(_ account: BillingAccount, serviceId: Int, window: ClosedRange<LocalDate>) async throws(ServiceError) -> SimUsage {
        let freebit = try upstreams.requireFreebit()
        return try await ServiceError.showing(notFound: "SIM") { () async throws(UpstreamError) in
            try await freebit.usage(account: try await Self.line(of: serviceId, account), from: window.lowerBound, to: window.upperBound)
        }
    }

    /// The line of the caller's subscription made the write's alone (`freebit-sim:LINE`, shared by every
    /// write to a SIM so they serialize), and its details as Freebit shows them once it is.
    static func claimedSim(
        of serviceId: Int,
        _ account: BillingAccount,
        freebit: FreebitOrchestrator,
        claim: @Sendable (String) async throws -> Void
    ) async throws -> (line: String, details: SimDetails) {
        let line = try await ServiceError.showing(notFound: "SIM") { () async throws(UpstreamError) -> String in
            try await Self.line(of: serviceId, account)
        }
        try await claim("freebit-sim:\(line)")
        let details = try await ServiceError.showing(notFound: "SIM") { () async throws(UpstreamError) in try await freebit.details(account: line) }
        return (line, details)
    }

    /// The line number of the caller's subscription; not found when it is not theirs or has no SIM.
    static func line(of serviceId: Int, _ account: BillingAccount) async throws(UpstreamError) -> String {
        let subscription = try await account.whmcs.subscription(id: serviceId, clientId: account.clientId)
        guard let line = subscription.sim?.account else {
            throw .notFound(system: "whmcs", cause: .noSuchRecord, detail: "service \(serviceId) has no SIM")
        }
        return line
    }
}
