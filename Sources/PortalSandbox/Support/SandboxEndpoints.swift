import Hummingbird

/// `GET /_control/endpoints`: where every simulator answers, for scripts and for a BFF pointed at a running
/// sandbox: `{"whmcs": {"default": url, …}, "salesforce": url, "freebit": url, "pubsub": "host:port",
/// "pubsubTLS": false, "salesforceConnectedApp": {"clientId", "username", "audience", "privateKeyPEM"}}`: the
/// dev-only connected app a BFF signs its JWT bearer assertions with (made for this sandbox process; never a
/// real credential). The HTTP base URLs use the host the request was sent to.
struct SandboxEndpoints: Sendable {
    let pubSub: @Sendable () async -> PubSubEndpoint
    let connectedAppPrivateKeyPEM: String

    func addRoutes(to router: Router<BasicRequestContext>) {
        router.get("/_control/endpoints") { request, _ in
            let root = request.head.authority.map { "http://\($0)" } ?? Sandbox.inProcessRoot
            let urls = Sandbox.baseURLs(root: root, pubSub: await pubSub())
            let whmcs = urls.whmcs.sorted { $0.key < $1.key }.map { ($0.key, JSONValue.string($0.value.absoluteString)) }
            return Response.json(
                .object([
                    ("whmcs", .object(whmcs)), ("salesforce", .string(urls.salesforce.absoluteString)),
                    ("freebit", .string(urls.freebit.absoluteString)), ("pubsub", .string(urls.pubSub.description)),
                    ("pubsubTLS", .bool(false)),
                    (
                        "salesforceConnectedApp",
                        .object([
                            ("clientId", .string(Sandbox.salesforceClientId)), ("username", .string(Sandbox.salesforceUsername)),
                            ("audience", .string(Sandbox.salesforceAudience)), ("privateKeyPEM", .string(connectedAppPrivateKeyPEM)),
                        ])
                    ),
                ]),
                style: .utf8
            )
        }
    }
}
