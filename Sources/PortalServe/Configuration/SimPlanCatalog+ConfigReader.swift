import Configuration
import Domain
import PortalApplication
import PortalSupport

extension SimPlanCatalog {
    /// Keys and defaults:
    /// - `freebit.plans` (none): the plan codes offered, in the order the portal lists them.
    /// - Per code `C`: `freebit.plan.C.name` (required), `freebit.plan.C.monthlyPrice` (required, a decimal
    ///   amount such as `"3800"`), `freebit.plan.C.currency` (`JPY`), `freebit.plan.C.family` (required,
    ///   `data` or `voice`), `freebit.plan.C.changesToday` (`false`: a change takes effect on the 1st of next month).
    public init(config: ConfigReader) throws(ConfigurationError) {
        var plans: [SimPlan] = []
        for code in config.stringArray(forKey: "freebit.plans", default: []) {
            guard !code.isEmpty, code.utf8.allSatisfy({ $0.isPlanCodeCharacter }) else {
                throw ConfigurationError(key: "freebit.plans", problem: "'\(code)' is not a plan code (letters, digits, - and _)")
            }
            guard !plans.contains(where: { $0.code == code }) else {
                throw ConfigurationError(key: "freebit.plans", problem: "'\(code)' is listed twice")
            }
            plans.append(try Self.plan(code, config))
        }
        self.init(plans)
    }

    private static func plan(_ code: String, _ config: ConfigReader) throws(ConfigurationError) -> SimPlan {
        let prefix = "freebit.plan.\(code)."
        let name = config.string(forKey: ConfigKey(prefix + "name"), default: "").trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty else { throw ConfigurationError(key: prefix + "name", problem: "a plan has a display name") }
        let currencyText = config.string(forKey: ConfigKey(prefix + "currency"), default: "JPY")
        guard let currency = CurrencyCode(currencyText) else {
            throw ConfigurationError(key: prefix + "currency", problem: "not an ISO 4217 currency code: \(currencyText)")
        }
        let priceText =
            config.string(forKey: ConfigKey(prefix + "monthlyPrice")) ?? config.int(forKey: ConfigKey(prefix + "monthlyPrice")).map(String.init)
        guard let priceText, let amount = ExactDecimal(priceText), amount.coefficient >= 0, let price = try? Money(amount, currency: currency) else {
            throw ConfigurationError(key: prefix + "monthlyPrice", problem: "a plan has a monthly price, an amount of \(currency) such as \"3800\"")
        }
        let familyText = config.string(forKey: ConfigKey(prefix + "family"), default: "")
        guard let family = SimPlanFamily(rawValue: familyText) else {
            throw ConfigurationError(key: prefix + "family", problem: "must be data or voice")
        }
        return SimPlan(
            code: code,
            name: name,
            monthlyPrice: price,
            family: family,
            changesToday: config.bool(forKey: ConfigKey(prefix + "changesToday"), default: false)
        )
    }
}

extension UInt8 {
    fileprivate var isPlanCodeCharacter: Bool {
        switch self {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
            UInt8(ascii: "-"), UInt8(ascii: "_"):
            true
        default: false
        }
    }
}
