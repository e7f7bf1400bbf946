import Domain
import Foundation
import Logging
import PortalAPI
import PortalConfig
import PortalFreebit
import PortalSalesforce
import PortalUpstream
import PortalWhmcs

/// The upstream clients for the real systems, as the configuration describes them.
enum ConfiguredUpstreams {
    static func make(_ settings: UpstreamSettings, mapping: MappingSettings, logger: Logger) throws(ConfigurationError) -> Upstreams {
        let whmcs = settings.whmcs.map { instance in
            WhmcsConnection(
                instance: instance, context: mapping.whmcs(instance: instance.name),
                caller: UpstreamCaller(
                    system: "whmcs:\(instance.name)", transport: URLSessionTransport(), settings: settings.callerSettings(for: "whmcs"), logger: logger))
        }
        var salesforce: SalesforceServices?
        if let credentials = settings.salesforce {
            guard let text = settings.salesforcePricebookId, let pricebookId = SalesforceId(text) else {
                throw ConfigurationError(key: "salesforce.pricebookId", problem: "a 15/18-character Salesforce id is required with Salesforce")
            }
            salesforce = SalesforceServices(
                connection: SalesforceConnection(
                    credentials: credentials,
                    caller: UpstreamCaller(
                        system: "salesforce", transport: URLSessionTransport(), settings: settings.callerSettings(for: "salesforce"), logger: logger),
                    tokenLifetime: settings.salesforceTokenLifetime),
                context: mapping.salesforce, pricebookId: pricebookId)
        }
        let freebit = settings.freebit.map { credentials in
            FreebitSimService(
                connection: FreebitConnection(
                    credentials: credentials,
                    caller: UpstreamCaller(system: "freebit", transport: URLSessionTransport(), settings: settings.callerSettings(for: "freebit"), logger: logger)),
                today: { JapanDate.today() })
        }
        return Upstreams(whmcs: whmcs, salesforce: salesforce, freebit: freebit)
    }
}
