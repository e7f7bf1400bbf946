import Domain

extension Sandbox {
    /// Today on the simulated Freebit's calendar (today in Japan unless set): reserved plan changes take
    /// effect once it reaches their date.
    public var freebitToday: LocalDate {
        get { freebit.plans.today }
        set { freebit.plans.today = newValue }
    }
}
