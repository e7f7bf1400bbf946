extension Providers.Freebit {
    /// Confirms a `changePlan` answer: it carries no data beyond success, so the result echoes what was
    /// asked. `effectiveOn` is today for an immediate change (no `runTime` sent).
    public static func planChange(
        from raw: RawJSON,
        account: String,
        planCode: String,
        effectiveOn: LocalDate,
        scheduled: Bool,
        context: FreebitMappingContext? = nil
    ) throws(MappingError) -> SimPlanChange {
        _ = try successfulRoot(raw)
        let code = planCode.trimmed
        guard !code.isEmpty else { throw MappingError(path: "planCode", reason: .missing, detail: "a plan change names its plan") }
        return SimPlanChange(account: account, planCode: code, planName: context?.planNames[code], effectiveOn: effectiveOn, scheduled: scheduled)
    }
}

extension ObjectReader {
    /// The plan change a `getDetail` entry reserves (assumed fields `nextPlanCode` and `nextPlanDate`,
    /// `YYYYMMDD`), nil when it reserves none. A reserved plan without its date is a mapping failure.
    func pendingPlanChange(planNames: [String: String]) throws(MappingError) -> SimPendingPlanChange? {
        guard let code = try trimmedText("nextPlanCode") else { return nil }
        guard let date = try optionalDate("nextPlanDate") else {
            throw failure("nextPlanDate", .missing, "a reserved plan change has its date")
        }
        return SimPendingPlanChange(planCode: code, planName: planNames[code], effectiveOn: date)
    }
}
