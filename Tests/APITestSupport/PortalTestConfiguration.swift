import Configuration
import PortalAPI

/// The configuration the portal's test harnesses start from (the route harness and the integration
/// harness build the portal from it with `PortalAssembly`, as `serve` does).
public enum PortalTestConfiguration {
    public static let secret = "test-only-hmac-secret-0123456789abcdef"
    /// `brand-b`'s is in the Standard Webhooks `whsec_` form, the others are plain strings.
    public static let webhookSecrets = [
        "default": "test-whmcs-default-webhook-secret-0001", "brand-b": "whsec_dGVzdC1icmFuZC1iLXdoc2VjLWtleS1vZi0zMi1ieXQ=",
        "salesforce": "test-salesforce-webhook-secret-00001",
    ]

    /// The configuration every harness starts from: the test secrets, free ports, no workers, the org's
    /// order statuses, both WHMCS instances' webhook secrets, each upstream's budget and quick retries,
    /// and every entity fresh for `freshSeconds` when given.
    public static func values(
        breakerFailures: Int = 100,
        freshSeconds: Int? = nil,
        upstreamTimeout: Duration = .seconds(5),
        perMinute: Int = 100,
        burst: Int = 20,
        share: (perMinute: Int, burst: Int)? = nil
    ) -> [AbsoluteConfigKey: ConfigValue] {
        var values: [AbsoluteConfigKey: ConfigValue] = [
            "auth.hmacSecret": .init(.string(secret), isSecret: true),
            "http.host": .init(.string("127.0.0.1"), isSecret: false),
            "http.port": .init(.int(0), isSecret: false),
            "http.operator.port": .init(.int(0), isSecret: false),
            "api.customerRequestsPerMinute": .init(.int(1), isSecret: false),
            "provisioning.workers": .init(.int(0), isSecret: false),
            "salesforce.orderStatuses": .init(.stringArray(["Provisioning Requested=processing", "Provisioned=provisioned"]), isSecret: false),
            "whmcs.instances": .init(.stringArray(["default", "brand-b"]), isSecret: false),
            "webhooks.whmcs.default.secrets": .init(.stringArray([webhookSecrets["default"]!]), isSecret: true),
            "webhooks.whmcs.brand-b.secrets": .init(.stringArray([webhookSecrets["brand-b"]!]), isSecret: true),
            "webhooks.salesforce.secrets": .init(.stringArray([webhookSecrets["salesforce"]!]), isSecret: true),
        ]
        for system in ["whmcs", "salesforce", "freebit"] {
            let upstream: [String: Int] = [
                "breakerFailures": breakerFailures, "perMinute": perMinute, "burst": burst, "sharePerMinute": share?.perMinute ?? perMinute,
                "shareBurst": share?.burst ?? burst, "backgroundPerMinute": perMinute, "backgroundBurst": burst, "retryAttempts": 2,
                "retryBaseMilliseconds": 5, "retryMaxMilliseconds": 10, "timeoutSeconds": Int(upstreamTimeout.components.seconds),
            ]
            for (name, value) in upstream { values[AbsoluteConfigKey(["upstream", system, name])] = .init(.int(value), isSecret: false) }
        }
        if let freshSeconds {
            for entity in CacheSettings.Entity.allCases {
                values[AbsoluteConfigKey(["cache", entity.rawValue, "freshSeconds"])] = .init(.int(freshSeconds), isSecret: false)
            }
        }
        return values
    }
}
