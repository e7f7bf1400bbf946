import Domain
import Synchronization

/// The plan of each simulated line and the change reserved for it, on the simulator's own calendar: a
/// reservation takes effect once its date has come, as Freebit applies it overnight.
final class FreebitPlanBook: Sendable {
    enum Family: Sendable { case data, voice }

    /// The plans the simulated Freebit knows, by code.
    static let plans: [String: Family] = ["PSP3G": .data, "PSP10G": .data, "PSP20G": .data, "PSV5G": .voice, "PSV20G": .voice]

    struct Reservation: Sendable, Equatable {
        let planCode: String
        let date: LocalDate
    }

    /// Why a change is refused, with the result and status codes Freebit answers.
    enum Refusal: Error, Equatable {
        case unknownPlan, invalidDate, reserved, notAllowed, samePlan

        var codes: (resultCode: String, message: String, statusCode: String) {
            switch self {
            case .unknownPlan: ("400", "Parameter error: planCode", "358")
            case .invalidDate: ("400", "Parameter error: runTime", "359")
            case .reserved: ("500", "Plan change already reserved", "521")
            case .notAllowed: ("500", "Plan change not allowed for this contract", "522")
            case .samePlan: ("500", "Plan is the same as the current plan", "523")
            }
        }
    }

    private let state: Mutex<(plans: [String: String], reserved: [String: Reservation], date: LocalDate?)>

    init(seed: SandboxSeed) {
        state = Mutex((Dictionary(seed.sims.map { ($0.msisdn, $0.planCode) }, uniquingKeysWith: { first, _ in first }), [:], nil))
    }

    /// Today on the simulator's calendar: the date it was set to, or today in Japan.
    var today: LocalDate {
        get { state.withLock { $0.date } ?? Sandbox.todayInJapan() }
        set { state.withLock { $0.date = newValue } }
    }

    /// Follows the system clock again.
    func resetDate() {
        state.withLock { $0.date = nil }
    }

    /// The line's plan and the change still reserved for it, once due changes have taken effect.
    func plan(of account: String) -> (planCode: String?, reserved: Reservation?) {
        let today = today
        return state.withLock { state in
            Self.settle(account, &state.plans, &state.reserved, today: today)
            return (state.plans[account], state.reserved[account])
        }
    }

    /// Changes the line to `planCode` now (`runTime` nil) or reserves the change for `runTime` (`YYYYMMDD`, after today).
    func change(_ account: String, to planCode: String?, runTime: String?) throws(Refusal) {
        guard let planCode, let family = Self.plans[planCode] else { throw .unknownPlan }
        let today = today
        var date: LocalDate?
        if let runTime {
            guard runTime.utf8.count == 8, runTime.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }),
                let parsed = LocalDate("\(runTime.prefix(4))-\(runTime.dropFirst(4).prefix(2))-\(runTime.suffix(2))"), parsed > today
            else { throw .invalidDate }
            date = parsed
        }
        let refusal = state.withLock { state -> Refusal? in
            Self.settle(account, &state.plans, &state.reserved, today: today)
            guard state.reserved[account] == nil else { return .reserved }
            let current = state.plans[account]
            guard current.flatMap({ Self.plans[$0] }) ?? .data == family else { return .notAllowed }
            guard current != planCode else { return .samePlan }
            if let date {
                state.reserved[account] = Reservation(planCode: planCode, date: date)
            } else {
                state.plans[account] = planCode
            }
            return nil
        }
        if let refusal { throw refusal }
    }

    private static func settle(_ account: String, _ plans: inout [String: String], _ reserved: inout [String: Reservation], today: LocalDate) {
        guard let due = reserved[account], due.date <= today else { return }
        plans[account] = due.planCode
        reserved[account] = nil
    }
}
