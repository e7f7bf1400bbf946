import Domain
import PortalUpstream

/// A customer's services from WHMCS (GetClientsProducts).
struct WhmcsSubscriptionService: Sendable {
    private let connection: WhmcsConnection

    init(connection: WhmcsConnection) {
        self.connection = connection
    }

    func subscriptions(clientId: Int) async throws(UpstreamError) -> [Subscription] {
        try await fetch(clientId: clientId, serviceId: nil)
    }

    /// The client's service with this id; another client's service is not found.
    func subscription(id: Int, clientId: Int) async throws(UpstreamError) -> Subscription {
        guard let subscription = try await fetch(clientId: clientId, serviceId: id).first(where: { $0.id == id }) else {
            throw .notFound(system: connection.system, cause: .noSuchRecord, detail: "GetClientsProducts: no service \(id) for this client")
        }
        return subscription
    }

    private func fetch(clientId: Int, serviceId: Int?) async throws(UpstreamError) -> [Subscription] {
        var parameters = [("clientid", String(clientId)), ("limitnum", "500")]
        if let serviceId { parameters.append(("serviceid", String(serviceId))) }
        let raw = try await connection.call("GetClientsProducts", parameters)
        let context = connection.context
        return try connection.map(raw, action: "GetClientsProducts") { raw throws(MappingError) in
            try Providers.Whmcs.subscriptions(from: raw, context: context)
        }
    }
}
