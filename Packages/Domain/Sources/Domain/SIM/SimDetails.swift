/// A SIM line at Freebit. Quotas are in MB (1 MB = 1024 KB, rounded down).
public struct SimDetails: Sendable, Hashable, Codable {
    /// The line's number (MSISDN), digits only.
    public var account: String
    public var iccid: String?
    public var status: SimStatus
    public var planCode: String?
    public var planName: String?
    /// The contract line, e.g. `4G` or `5G`.
    public var networkType: String?
    public var voice: Bool?
    public var sms: Bool?
    public var remainingQuotaMB: Int?
    public var startedOn: LocalDate?
    /// A plan change reserved for a later date, until it takes effect.
    public var pendingPlanChange: SimPendingPlanChange?

    public init(
        account: String,
        iccid: String?,
        status: SimStatus,
        planCode: String?,
        planName: String?,
        networkType: String?,
        voice: Bool?,
        sms: Bool?,
        remainingQuotaMB: Int?,
        startedOn: LocalDate?,
        pendingPlanChange: SimPendingPlanChange? = nil
    ) {
        self.account = account
        self.iccid = iccid
        self.status = status
        self.planCode = planCode
        self.planName = planName
        self.networkType = networkType
        self.voice = voice
        self.sms = sms
        self.remainingQuotaMB = remainingQuotaMB
        self.startedOn = startedOn
        self.pendingPlanChange = pendingPlanChange
    }
}
