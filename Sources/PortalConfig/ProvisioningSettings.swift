import Foundation
import Configuration

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

    public init(config: ConfigReader) throws(ConfigurationError) {
        workers = try Self.number(config, "provisioning.workers", 1, 0...32)
        pollMilliseconds = try Self.number(config, "provisioning.pollMilliseconds", 250, 10...60_000)
        claimIdleSeconds = try Self.number(config, "provisioning.claimIdleSeconds", 60, 1...86_400)
        maxAttempts = try Self.number(config, "provisioning.maxAttempts", 6, 1...100)
        retryBaseSeconds = try Self.number(config, "provisioning.retryBaseSeconds", 2, 0...3600)
        paymentMethod = config.string(forKey: "provisioning.paymentMethod", default: "banktransfer")
        var products: [String: Int?] = [:]
        for entry in config.stringArray(forKey: "provisioning.whmcsProducts", default: []) {
            let parts = entry.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, !parts[0].isEmpty else {
                throw .init(key: "provisioning.whmcsProducts", problem: "entries are ProductCode=WHMCS product id or ProductCode=-, found \(entry)")
            }
            if parts[1] == "-" {
                products[parts[0]] = .some(nil)
            } else if let id = Int(parts[1]), id > 0 {
                products[parts[0]] = id
            } else {
                throw .init(key: "provisioning.whmcsProducts", problem: "\(parts[1]) is not a WHMCS product id (in \(entry))")
            }
        }
        whmcsProducts = products
    }

    private static func number(_ config: ConfigReader, _ key: String, _ fallback: Int, _ range: ClosedRange<Int>) throws(ConfigurationError) -> Int {
        let value = config.int(forKey: ConfigKey(key), default: fallback)
        guard range.contains(value) else { throw .init(key: key, problem: "must be in \(range), found \(value)") }
        return value
    }
}
