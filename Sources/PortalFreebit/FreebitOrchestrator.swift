import Domain
import PortalUpstream

/// Freebit as the rest of the BFF sees it: a SIM's details, its data usage, and quota top-ups. Its
/// connection (auth keys, envelopes) and entity service stay inside.
public struct FreebitOrchestrator: Sendable {
    let sims: FreebitSimService

    /// `today` is the current date in Japan, which Freebit's traffic figures are relative to.
    public init(
        credentials: FreebitCredentials,
        caller: UpstreamCaller,
        planNames: [String: String] = [:],
        today: @escaping @Sendable () -> LocalDate
    ) {
        sims = FreebitSimService(connection: FreebitConnection(credentials: credentials, caller: caller), planNames: planNames, today: today)
    }

    public var health: UpstreamHealth { sims.connection.caller.health }

    public func details(account: String) async throws(UpstreamError) -> SimDetails {
        try await sims.details(account: account)
    }

    public func usage(account: String, from: LocalDate, to: LocalDate) async throws(UpstreamError) -> SimUsage {
        try await sims.usage(account: account, from: from, to: to)
    }

    /// Adds quota. Not retried after a network error: whether Freebit applied it would be unknown.
    public func topUp(account: String, megabytes: Int, expiresOn: LocalDate? = nil) async throws(UpstreamError) -> SimTopUp {
        try await sims.topUp(account: account, megabytes: megabytes, expiresOn: expiresOn)
    }
}
