import Hummingbird
import PortalApplication

/// The request context of every portal route: the request id, and once authenticated, the customer.
public struct PortalRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// Echoed from `X-Request-Id`, or generated; on every response and error body.
    public var requestId = ""
    /// Set by the authentication middleware on `/api/*` routes.
    public var customer: Customer?

    public init(source: Source) {
        coreContext = .init(source: source)
    }
}
