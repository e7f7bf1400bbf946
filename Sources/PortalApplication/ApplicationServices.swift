import PortalCache

/// Every application service, built once at start-up over the providers and the cache. The front doors
/// (the HTTP routes, the provisioning workers) call these and nothing below them.
public struct ApplicationServices: Sendable {
    public let billing: BillingService
    public let orders: OrderService
    public let catalog: CatalogService
    public let profile: ProfileService
    public let dashboard: DashboardService
    public let sims: SubscriptionSimService
    public let simPlans: SimPlanService
    public let tickets: TicketService
    public let placement: OrderPlacementService
    public let events: EventIntake
    public let readiness: ReadinessService
    /// The operator's handling of provisioning jobs and Pub/Sub records; nil without Redis.
    public let administration: ProvisioningAdministration?
    public let clock: ApplicationClock
    /// The Salesforce Pub/Sub subscription's state, which `PlatformEventSubscription` keeps up to date.
    public let platformEventStatus = PlatformEventStatus()
    let upstreams: Upstreams
    let invalidation: InvalidationPolicy
    let cache: CacheService
    let provisioning: ProvisioningSettings
    /// The Redis-backed stores, when there is Redis.
    let stores: RedisStores?

    /// `stores` are the Redis-backed stores (nil without Redis: no webhook receipts, no provisioning).
    public init(
        upstreams: Upstreams,
        cache: CacheService,
        stores: RedisStores?,
        mapping: MappingSettings,
        provisioning: ProvisioningSettings,
        clock: ApplicationClock = ApplicationClock()
    ) {
        let invalidation = InvalidationPolicy(relations: cache.relations, upstreams: upstreams)
        self.upstreams = upstreams
        self.invalidation = invalidation
        self.cache = cache
        self.provisioning = provisioning
        self.stores = stores
        self.clock = clock
        billing = BillingService(upstreams: upstreams)
        orders = OrderService(upstreams: upstreams)
        catalog = CatalogService(upstreams: upstreams, relations: cache.relations)
        profile = ProfileService(upstreams: upstreams, cache: cache, sync: stores?.contactSync)
        dashboard = DashboardService(upstreams: upstreams, relations: cache.relations, clock: clock)
        sims = SubscriptionSimService(upstreams: upstreams, cache: cache, clock: clock)
        simPlans = SimPlanService(upstreams: upstreams, cache: cache, clock: clock, catalog: mapping.freebitPlans)
        tickets = TicketService(upstreams: upstreams, cache: cache)
        placement = OrderPlacementService(upstreams: upstreams, invalidation: invalidation, cache: cache, clock: clock)
        events = EventIntake(
            invalidation: invalidation,
            cache: cache,
            receipts: stores?.receipts,
            provisioning: stores?.provisioning,
            mapping: mapping
        )
        administration = stores.map { ProvisioningAdministration(stores: $0, clock: clock) }
        readiness = ReadinessService(upstreams: upstreams, cache: stores?.health, near: cache.nearCache, platformEvents: platformEventStatus)
    }
}
