import Configuration
import Domain
import Foundation
import PortalApplication
import PortalSupport

extension MappingSettings {
    public init(config: ConfigReader) throws(ConfigurationError) {
        let whmcsCurrency: CurrencyCode
        let whmcsTimeZone: TimeZone
        let simFields: SimFieldNames
        let salesforce: SalesforceMappingContext
        whmcsCurrency = try Self.currency(config, "whmcs.defaultCurrency")
        let zoneName = config.string(forKey: "whmcs.timeZone", default: "Asia/Tokyo")
        guard let zone = TimeZone(identifier: zoneName) else {
            throw ConfigurationError(key: "whmcs.timeZone", problem: "unknown time zone \(zoneName)")
        }
        whmcsTimeZone = zone
        simFields = SimFieldNames(
            iccid: try Self.name(config, "whmcs.simFields.iccid", default: "ICCID"),
            account: try Self.name(config, "whmcs.simFields.account", default: "MSISDN")
        )
        let defaults = SalesforceFieldNames()
        salesforce = SalesforceMappingContext(
            defaultCurrency: try Self.currency(config, "salesforce.defaultCurrency"),
            defaultCountry: try Self.name(config, "salesforce.defaultCountry", default: "JP"),
            orderStatuses: try Self.orderStatuses(config, "salesforce.orderStatuses"),
            fields: SalesforceFieldNames(
                productCategory: try Self.name(config, "salesforce.fields.productCategory", default: defaults.productCategory),
                priceBillingCycle: try Self.name(config, "salesforce.fields.priceBillingCycle", default: defaults.priceBillingCycle),
                orderItemClass: try Self.name(config, "salesforce.fields.orderItemClass", default: defaults.orderItemClass),
                accountEmail: try Self.name(config, "salesforce.fields.accountEmail", default: defaults.accountEmail),
                accountWhmcsClientId: try Self.name(config, "salesforce.fields.accountWhmcsClientId", default: defaults.accountWhmcsClientId),
                accountWhmcsInstance: try Self.name(config, "salesforce.fields.accountWhmcsInstance", default: defaults.accountWhmcsInstance),
                orderWhmcsOrderId: try Self.name(config, "salesforce.fields.orderWhmcsOrderId", default: defaults.orderWhmcsOrderId),
                orderIdempotencyKey: try Self.name(config, "salesforce.fields.orderIdempotencyKey", default: defaults.orderIdempotencyKey),
                accountPhone: try Self.name(config, "salesforce.fields.accountPhone", default: defaults.accountPhone),
                accountStreet: try Self.name(config, "salesforce.fields.accountStreet", default: defaults.accountStreet),
                accountCity: try Self.name(config, "salesforce.fields.accountCity", default: defaults.accountCity),
                accountState: try Self.name(config, "salesforce.fields.accountState", default: defaults.accountState),
                accountPostalCode: try Self.name(config, "salesforce.fields.accountPostalCode", default: defaults.accountPostalCode),
                accountCountryCode: try Self.name(config, "salesforce.fields.accountCountryCode", default: defaults.accountCountryCode)
            )
        )
        self.init(
            whmcsCurrency: whmcsCurrency,
            whmcsTimeZone: whmcsTimeZone,
            simFields: simFields,
            salesforce: salesforce,
            freebitPlans: try SimPlanCatalog(config: config)
        )
    }

    private static func currency(_ config: ConfigReader, _ key: String) throws(ConfigurationError) -> CurrencyCode {
        let text = config.string(forKey: ConfigKey(key), default: "JPY")
        guard let code = CurrencyCode(text) else { throw ConfigurationError(key: key, problem: "not an ISO 4217 currency code: \(text)") }
        return code
    }

    private static func name(_ config: ConfigReader, _ key: String, default fallback: String) throws(ConfigurationError) -> String {
        let text = config.string(forKey: ConfigKey(key), default: fallback).trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty else { throw ConfigurationError(key: key, problem: "must not be empty") }
        return text
    }

    private static func orderStatuses(_ config: ConfigReader, _ key: String) throws(ConfigurationError) -> OrderStatusTable {
        var extensions: [String: OrderStatus] = [:]
        for entry in config.stringArray(forKey: ConfigKey(key), default: []) {
            let parts = entry.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            let status = parts.count == 2 ? OrderStatus(name: parts[1]) : nil
            guard let status, !parts[0].isEmpty, OrderStatus.knownCases.contains(status) else {
                throw ConfigurationError(key: key, problem: "entry '\(entry)' is not 'Picklist Value=status' with a known status")
            }
            extensions[parts[0]] = status
        }
        return OrderStatusTable.standard.extended(with: extensions)
    }
}
