import Configuration
import Domain
import Foundation

/// The mapping contexts the BFF maps provider payloads in, read once from configuration.
///
/// Keys and defaults:
/// - `whmcs.defaultCurrency` (`JPY`): currency of WHMCS amounts whose payload names none.
/// - `whmcs.timeZone` (`Asia/Tokyo`): the WHMCS server's zone, for its zone-less date-times.
/// - `whmcs.simFields.iccid` (`ICCID`), `whmcs.simFields.account` (`MSISDN`): service custom fields holding a SIM.
/// - `salesforce.defaultCurrency` (`JPY`), `salesforce.defaultCountry` (`JP`).
/// - `salesforce.fields.productCategory` (`Portal_Category__c`), `salesforce.fields.priceBillingCycle`
///   (`Billing_Cycle__c`), `salesforce.fields.orderItemClass` (`Item_Class__c`), `salesforce.fields.accountEmail`
///   (`PersonEmail`), `salesforce.fields.accountWhmcsClientId` (`WHMCS_Client_Id__c`) and
///   `salesforce.fields.accountWhmcsInstance` (`WHMCS_Instance__c`): the account's WHMCS client and instance,
///   `salesforce.fields.orderWhmcsOrderId` (`WHMCS_Order_Id__c`): where provisioning writes the WHMCS order id,
///   `salesforce.fields.orderIdempotencyKey` (`Portal_Idempotency_Key__c`): the unique external-id field that
///   names the portal request an order was created by.
/// - `salesforce.orderStatuses` (none): the org's custom Order status values, as `Picklist Value=status`
///   entries with status one of draft, activated, processing, provisioned, cancelled.
public struct MappingSettings: Sendable {
    public var whmcsCurrency: CurrencyCode
    public var whmcsTimeZone: TimeZone
    public var simFields: SimFieldNames
    public var salesforce: SalesforceMappingContext

    public init(config: ConfigReader) throws(ConfigurationError) {
        whmcsCurrency = try Self.currency(config, "whmcs.defaultCurrency")
        let zoneName = config.string(forKey: "whmcs.timeZone", default: "Asia/Tokyo")
        guard let zone = TimeZone(identifier: zoneName) else {
            throw ConfigurationError(key: "whmcs.timeZone", problem: "unknown time zone \(zoneName)")
        }
        whmcsTimeZone = zone
        simFields = SimFieldNames(
            iccid: try Self.name(config, "whmcs.simFields.iccid", default: "ICCID"),
            account: try Self.name(config, "whmcs.simFields.account", default: "MSISDN"))
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
                orderIdempotencyKey: try Self.name(config, "salesforce.fields.orderIdempotencyKey", default: defaults.orderIdempotencyKey)))
    }

    /// The WHMCS context for payloads from one instance.
    public func whmcs(instance: String) -> WhmcsMappingContext {
        WhmcsMappingContext(instance: instance, defaultCurrency: whmcsCurrency, simFields: simFields, timeZone: whmcsTimeZone)
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
