import Configuration
import Domain
import Foundation
import Logging
import Metrics
import PortalApplication
import PortalFreebit
import PortalSalesforce
import PortalSandbox
import PortalSupport
import PortalUpstream
import PortalWhmcs

/// Which upstreams the portal talks to: the real systems as the configuration describes them, or a
/// sandbox at `baseURLs` (running on a port, or answered in process) signed in with its dev-only
/// credentials.
public enum UpstreamChoice: Sendable {
    case configured
    case sandbox(Sandbox, Sandbox.BaseURLs)
    /// A sandbox running in another process (`serve --sandbox-at`).
    case remoteSandbox(RemoteSandbox)

    /// The sandbox's addresses and connected-app key, for either kind of sandbox.
    private var sandboxAccess: (urls: Sandbox.BaseURLs, privateKeyPEM: String)? {
        switch self {
        case .configured: nil
        case .sandbox(let sandbox, let urls): (urls, sandbox.connectedAppPrivateKeyPEM)
        case .remoteSandbox(let remote): (remote.baseURLs, remote.connectedAppPrivateKeyPEM)
        }
    }

    /// The providers' orchestrators, each with its own caller (budget, breaker, retries) over `transport`.
    func upstreams(
        config: ConfigReader,
        mapping: MappingSettings,
        clock: ApplicationClock,
        transport: any HTTPTransport,
        logger: Logger,
        metrics: any MetricsFactory
    ) throws(ConfigurationError) -> Upstreams {
        func caller(_ system: String, _ settings: String) throws(ConfigurationError) -> UpstreamCaller {
            UpstreamCaller(
                system: system,
                transport: transport,
                settings: try UpstreamSettings.callerSettings(config: config, system: settings),
                logger: logger,
                metrics: metrics
            )
        }
        let today: @Sendable () -> LocalDate = { clock.today() }
        guard let (urls, privateKeyPEM) = sandboxAccess else {
            let settings = try UpstreamSettings(config: config)
            var whmcs: [WhmcsOrchestrator] = []
            for instance in settings.whmcs {
                whmcs.append(
                    WhmcsOrchestrator(
                        instance: instance,
                        context: mapping.whmcs(instance: instance.name),
                        caller: try caller("whmcs:\(instance.name)", "whmcs"),
                        tickets: try WhmcsTicketSettings(config: config, instance: instance.name)
                    )
                )
            }
            var salesforce: SalesforceOrchestrator?
            if let credentials = settings.salesforce {
                guard let text = settings.salesforcePricebookId, let pricebookId = SalesforceId(text) else {
                    throw ConfigurationError(key: "salesforce.pricebookId", problem: "a 15/18-character Salesforce id is required with Salesforce")
                }
                salesforce = SalesforceOrchestrator(
                    credentials: credentials,
                    caller: try caller("salesforce", "salesforce"),
                    context: mapping.salesforce,
                    pricebookId: pricebookId,
                    tokenLifetime: settings.salesforceTokenLifetime
                )
            }
            var freebit: FreebitOrchestrator?
            if let credentials = settings.freebit {
                freebit = FreebitOrchestrator(
                    credentials: credentials,
                    caller: try caller("freebit", "freebit"),
                    planNames: mapping.freebitPlans.names,
                    today: today
                )
            }
            return Upstreams(whmcs: whmcs, salesforce: salesforce, freebit: freebit)
        }
        var whmcs: [WhmcsOrchestrator] = []
        for (name, url) in urls.whmcs.sorted(by: { $0.key < $1.key }) {
            let instance = WhmcsInstance(name: name, baseURL: url, identifier: "sandbox-\(name)-identifier", secret: "sandbox-\(name)-secret")
            whmcs.append(
                WhmcsOrchestrator(
                    instance: instance,
                    context: mapping.whmcs(instance: name),
                    caller: try caller("whmcs:\(name)", "whmcs"),
                    tickets: try WhmcsTicketSettings(config: config, instance: name)
                )
            )
        }
        let credentials = SalesforceCredentials(
            loginURL: urls.salesforce,
            audience: Sandbox.salesforceAudience,
            clientId: Sandbox.salesforceClientId,
            username: Sandbox.salesforceUsername,
            privateKeyPEM: privateKeyPEM
        )
        let salesforce = SalesforceOrchestrator(
            credentials: credentials,
            caller: try caller("salesforce", "salesforce"),
            context: mapping.salesforce,
            pricebookId: SandboxSeed.standardPricebookId
        )
        let freebit = FreebitOrchestrator(
            credentials: FreebitCredentials(
                baseURL: urls.freebit,
                oemId: Sandbox.freebitCredentials.oemId,
                oemKey: Sandbox.freebitCredentials.oemKey
            ),
            caller: try caller("freebit", "freebit"),
            planNames: mapping.freebitPlans.names,
            today: today
        )
        return Upstreams(whmcs: whmcs, salesforce: salesforce, freebit: freebit)
    }

    /// The Pub/Sub endpoint: the configured one, or the sandbox's simulator (plaintext on loopback).
    func pubSubSettings(configured: SalesforcePubSubSettings) -> SalesforcePubSubSettings {
        guard let urls = sandboxAccess?.urls else { return configured }
        var settings = configured
        (settings.host, settings.port, settings.tls) = (urls.pubSub.host, urls.pubSub.port, false)
        return settings
    }
}
