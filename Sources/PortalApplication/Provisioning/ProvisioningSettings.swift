import Foundation

/// How orders are provisioned in WHMCS.
///
/// Keys: `provisioning.workers` (1; 0 turns the workers off on this instance), `provisioning.pollMilliseconds`
/// (250), `provisioning.claimIdleSeconds` (60: a job a worker has held this long without finishing is taken
/// over by another), `provisioning.maxAttempts` (6), `provisioning.retryBaseSeconds` (2, doubling per
/// attempt), `provisioning.paymentMethod` (`banktransfer`: the WHMCS payment gateway of the orders it places),
/// and `provisioning.whmcsProducts`: `ProductCode=WHMCS product id` entries (`SIM-D-10G=12`), or
/// `ProductCode=-` for products that are not provisioned in WHMCS (fees).
public struct ProvisioningSettings: Sendable, Equatable {
    public let workers: Int
    public let pollMilliseconds: Int
    public let claimIdleSeconds: Int
    public let maxAttempts: Int
    public let retryBaseSeconds: Int
    public let paymentMethod: String
    /// WHMCS product id by Salesforce ProductCode; nil for products WHMCS does not provision.
    public let whmcsProducts: [String: Int?]

    public init(
        workers: Int,
        pollMilliseconds: Int,
        claimIdleSeconds: Int,
        maxAttempts: Int,
        retryBaseSeconds: Int,
        paymentMethod: String,
        whmcsProducts: [String: Int?]
    ) {
        self.workers = workers
        self.pollMilliseconds = pollMilliseconds
        self.claimIdleSeconds = claimIdleSeconds
        self.maxAttempts = maxAttempts
        self.retryBaseSeconds = retryBaseSeconds
        self.paymentMethod = paymentMethod
        self.whmcsProducts = whmcsProducts
    }
}
