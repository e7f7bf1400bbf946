import Configuration
import Foundation
import PortalApplication
import PortalSupport

extension ProvisioningSettings {
    public init(config: ConfigReader) throws(ConfigurationError) {
        let workers: Int
        let pollMilliseconds: Int
        let claimIdleSeconds: Int
        let maxAttempts: Int
        let retryBaseSeconds: Int
        let paymentMethod: String
        let whmcsProducts: [String: Int?]

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
        self.init(
            workers: workers,
            pollMilliseconds: pollMilliseconds,
            claimIdleSeconds: claimIdleSeconds,
            maxAttempts: maxAttempts,
            retryBaseSeconds: retryBaseSeconds,
            paymentMethod: paymentMethod,
            whmcsProducts: whmcsProducts
        )
    }

    private static func number(_ config: ConfigReader, _ key: String, _ fallback: Int, _ range: ClosedRange<Int>) throws(ConfigurationError) -> Int {
        let value = config.int(forKey: ConfigKey(key), default: fallback)
        guard range.contains(value) else { throw .init(key: key, problem: "must be in \(range), found \(value)") }
        return value
    }
}
