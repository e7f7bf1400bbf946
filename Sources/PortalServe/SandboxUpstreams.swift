import Domain
import Foundation
import Logging
import Metrics
import PortalAPI
import PortalConfig
import PortalFreebit
import PortalSalesforce
import PortalSandbox
import PortalUpstream
import PortalWhmcs

/// The upstream clients pointed at a running sandbox, signed in with its dev-only credentials.
public enum SandboxUpstreams {
    public static func make(
        _ sandbox: Sandbox, _ running: RunningSandbox, mapping: MappingSettings, settings: UpstreamCaller.Settings = .init(), logger: Logger,
        metrics: any MetricsFactory = MetricsSystem.factory
    ) -> Upstreams {
        make(sandbox, running, mapping: mapping, settingsOf: { _ in settings }, logger: logger, metrics: metrics)
    }

    /// With each upstream's own resilience settings (`whmcs`, `salesforce`, `freebit`).
    public static func make(
        _ sandbox: Sandbox, _ running: RunningSandbox, mapping: MappingSettings, settingsOf: (String) -> UpstreamCaller.Settings, logger: Logger,
        metrics: any MetricsFactory = MetricsSystem.factory
    ) -> Upstreams {
        let urls = running.baseURLs
        let whmcs = urls.whmcs.sorted { $0.key < $1.key }.map { name, url in
            WhmcsConnection(
                instance: WhmcsInstance(name: name, baseURL: url, identifier: "sandbox-\(name)-identifier", secret: "sandbox-\(name)-secret"),
                context: mapping.whmcs(instance: name),
                caller: UpstreamCaller(system: "whmcs:\(name)", transport: URLSessionTransport(), settings: settingsOf("whmcs"), logger: logger, metrics: metrics))
        }
        let salesforce = SalesforceServices(
            connection: SalesforceConnection(
                credentials: SalesforceCredentials(
                    loginURL: urls.salesforce, audience: Sandbox.salesforceAudience, clientId: Sandbox.salesforceClientId,
                    username: Sandbox.salesforceUsername, privateKeyPEM: sandbox.connectedAppPrivateKeyPEM),
                caller: UpstreamCaller(system: "salesforce", transport: URLSessionTransport(), settings: settingsOf("salesforce"), logger: logger, metrics: metrics)),
            context: mapping.salesforce, pricebookId: SandboxSeed.standardPricebookId)
        let freebit = FreebitSimService(
            connection: FreebitConnection(
                credentials: FreebitCredentials(baseURL: urls.freebit, oemId: Sandbox.freebitCredentials.oemId, oemKey: Sandbox.freebitCredentials.oemKey),
                caller: UpstreamCaller(system: "freebit", transport: URLSessionTransport(), settings: settingsOf("freebit"), logger: logger, metrics: metrics)),
            today: { JapanDate.today() })
        return Upstreams(whmcs: whmcs, salesforce: salesforce, freebit: freebit)
    }
}
