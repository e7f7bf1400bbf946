extension Providers.Freebit {
    /// Maps a `getDetail` answer to the details of its (first MVNO) SIM.
    public static func simDetails(from raw: RawJSON, context: FreebitMappingContext? = nil) throws(MappingError) -> SimDetails {
        let root = try successfulRoot(raw)
        let entries = try root.list("responseDatas")
        var chosen: ObjectReader?
        for entry in entries where chosen == nil {
            let kind = try entry.optionalText("kind")
            if kind == nil || kind == "MVNO" { chosen = entry }
        }
        guard let sim = chosen else { throw root.failure("responseDatas", .missing, "the answer holds no MVNO SIM") }
        let planCode = try sim.trimmedText("planCode")
        guard let account = try sim.phoneNumber("account") else { throw sim.failure("account", .missing, "a SIM has a line number") }
        return SimDetails(
            account: account,
            iccid: try sim.iccid("iccid"),
            status: SimStatus(providerText: try sim.text("state"), aliases: SimStatus.aliases),
            planCode: planCode,
            planName: planCode.flatMap { context?.planNames[$0] },
            networkType: try sim.trimmedText("contractLine"),
            voice: sim.lenientFlag("talk"),
            sms: sim.lenientFlag("sms"),
            remainingQuotaMB: try sim.megabytesFromKilobytes("quota"),
            startedOn: try sim.optionalDate("startDate"),
            pendingPlanChange: try sim.pendingPlanChange(planNames: context?.planNames ?? [:])
        )
    }

    /// Confirms a quota top-up (`addSpec`) answer: it carries no data beyond success, so the result echoes
    /// what was asked.
    public static func topUp(from raw: RawJSON, account: String, addedMB: Int, expiresOn: LocalDate?) throws(MappingError) -> SimTopUp {
        _ = try successfulRoot(raw)
        guard addedMB > 0 else { throw MappingError(path: "quota", reason: .outOfRange, detail: "a top-up adds at least 1 MB") }
        return SimTopUp(account: account, addedMB: addedMB, expiresOn: expiresOn)
    }
}
