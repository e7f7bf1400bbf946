import Domain
import PortalUpstream

/// A SIM's details, data usage and quota top-ups at Freebit.
struct FreebitSimService: Sendable {
    let connection: FreebitConnection
    let planNames: [String: String]
    let today: @Sendable () -> LocalDate

    /// `today` is the current date in Japan, which Freebit's traffic figures are relative to.
    init(connection: FreebitConnection, planNames: [String: String] = [:], today: @escaping @Sendable () -> LocalDate) {
        self.connection = connection
        self.planNames = planNames
        self.today = today
    }

    func details(account: String) async throws(UpstreamError) -> SimDetails {
        let raw = try await connection.call(
            "mvno/getDetail/",
            ["version": "2", "requestDatas": [["kind": "MVNO", "account": account]]],
            idempotent: true
        )
        let context = FreebitMappingContext(today: today(), planNames: planNames)
        return try connection.map(raw, action: "getDetail") { raw throws(MappingError) in
            try Providers.Freebit.simDetails(from: raw, context: context)
        }
    }

    /// Daily usage between `from` and `to` (inclusive), as far as Freebit still reports those days (today
    /// and the few days before it).
    func usage(account: String, from: LocalDate, to: LocalDate) async throws(UpstreamError) -> SimUsage {
        guard from <= to else { throw .rejected(system: connection.system, cause: .invalidRequest, detail: "getTrafficInfo: from is after to") }
        let raw = try await connection.call("mvno/getTrafficInfo/", ["account": account], idempotent: true)
        let context = FreebitMappingContext(today: today(), planNames: planNames, window: from...to)
        return try connection.map(raw, action: "getTrafficInfo") { raw throws(MappingError) in
            try Providers.Freebit.usage(from: raw, context: context)
        }
    }

    /// Adds `megabytes` of data quota, valid until `expiresOn` when given. Not retried after a network error:
    /// whether Freebit applied it would be unknown.
    func topUp(account: String, megabytes: Int, expiresOn: LocalDate? = nil) async throws(UpstreamError) -> SimTopUp {
        guard megabytes > 0 else {
            throw .rejected(system: connection.system, cause: .invalidRequest, detail: "addSpec: a top-up adds at least 1 MB")
        }
        var fields: [String: any Sendable] = ["kind": "MVNO", "account": account, "quota": String(megabytes)]
        if let expiresOn { fields["expire"] = expiresOn.description.replacingOccurrences(of: "-", with: "") }
        let raw = try await connection.call("master/addSpec/", fields, idempotent: false)
        return try connection.map(raw, action: "addSpec") { raw throws(MappingError) in
            try Providers.Freebit.topUp(from: raw, account: account, addedMB: megabytes, expiresOn: expiresOn)
        }
    }
}
