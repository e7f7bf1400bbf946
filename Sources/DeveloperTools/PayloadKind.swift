import ArgumentParser

/// The raw payloads `portal-bff map` knows, named `provider.entity`.
public enum PayloadKind: String, CaseIterable, Sendable, ExpressibleByArgument {
    case whmcsInvoices = "whmcs.invoices"
    case whmcsInvoice = "whmcs.invoice"
    case whmcsSubscriptions = "whmcs.subscriptions"
    case whmcsClient = "whmcs.client"
    case whmcsPayMethods = "whmcs.paymethods"
    case whmcsEvent = "whmcs.event"
    case salesforceOrders = "salesforce.orders"
    case salesforceOrder = "salesforce.order"
    case salesforceProducts = "salesforce.products"
    case salesforceAccount = "salesforce.account"
    case salesforceEvent = "salesforce.event"
    case freebitSim = "freebit.sim"
    case freebitUsage = "freebit.usage"

    enum Provider {
        case whmcs, salesforce, freebit
    }

    var provider: Provider {
        switch self {
        case .whmcsInvoices, .whmcsInvoice, .whmcsSubscriptions, .whmcsClient, .whmcsPayMethods, .whmcsEvent: .whmcs
        case .salesforceOrders, .salesforceOrder, .salesforceProducts, .salesforceAccount, .salesforceEvent: .salesforce
        case .freebitSim, .freebitUsage: .freebit
        }
    }

    /// Webhook bodies are our own envelope, not an API answer that could be an error envelope.
    var isWebhookEvent: Bool { self == .whmcsEvent || self == .salesforceEvent }
}
