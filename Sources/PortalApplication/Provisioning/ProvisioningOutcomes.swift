import Metrics

/// `portal_provisioning_jobs_total{outcome}`, each counter created once.
struct ProvisioningOutcomes: Sendable {
    let provisioned: Counter
    let retried: Counter
    let deadLettered: Counter

    init(factory: any MetricsFactory) {
        func counter(_ outcome: String) -> Counter {
            Counter(label: "portal_provisioning_jobs_total", dimensions: [("outcome", outcome)], factory: factory)
        }
        provisioned = counter("provisioned")
        retried = counter("retried")
        deadLettered = counter("deadLettered")
    }
}
