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
/// - `freebit.plans` (none) and `freebit.plan.CODE.*`: the SIM plans offered (`SimPlanCatalog+ConfigReader`).
public struct MappingSettings: Sendable {
    public var whmcsCurrency: CurrencyCode
    public var whmcsTimeZone: TimeZone
    public var simFields: SimFieldNames
    public var salesforce: SalesforceMappingContext
    /// The Freebit plans offered, whose names the Freebit mappers show.
    public var freebitPlans: SimPlanCatalog

    public init(
        whmcsCurrency: CurrencyCode,
        whmcsTimeZone: TimeZone,
        simFields: SimFieldNames,
        salesforce: SalesforceMappingContext,
        freebitPlans: SimPlanCatalog = SimPlanCatalog()
    ) {
        self.freebitPlans = freebitPlans
        self.whmcsCurrency = whmcsCurrency
        self.whmcsTimeZone = whmcsTimeZone
        self.simFields = simFields
        self.salesforce = salesforce
    }

    /// The WHMCS context for payloads from one instance.
    public func whmcs(instance: String) -> WhmcsMappingContext {
        WhmcsMappingContext(instance: instance, defaultCurrency: whmcsCurrency, simFields: simFields, timeZone: whmcsTimeZone)
    }
}
