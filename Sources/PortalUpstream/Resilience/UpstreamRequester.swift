/// Whom an upstream call is made for, so that each customer spends only its own share of an upstream's
/// budget. The API layer sets it once per request (`UpstreamCallContext.with(requester:logger:operation:)`),
/// like swift-log's task-local logger: every upstream call made for that request, however deep (token
/// refresh, query paging, a load shared through the cache), is charged to it. Work done for no customer
/// (webhooks, provisioning workers) is `background`, one requester with a share of its own.
public enum UpstreamRequester: Hashable, Sendable {
    case customer(String)
    case background
}
