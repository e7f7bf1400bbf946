import Domain
import Synchronization

/// The WHMCS simulator's changing records: the seeded invoices and services plus what AddOrder creates and
/// AcceptOrder activates.
final class WhmcsStore: Sendable {
    struct Order: Sendable {
        let id: Int
        let clientId: Int
        var serviceIds: [Int]
        let invoiceId: Int
        var status: String
    }

    /// A product the simulator sells through AddOrder: WHMCS product id → name, group, monthly price in yen.
    static let products: [Int: (name: String, group: String, monthly: Int)] = [
        3: ("光回線 1G", "インターネット", 4500), 12: ("モバイルデータ 10GB", "格安SIM", 3800), 14: ("音声 SIM 20GB", "格安SIM", 4980),
    ]

    private let state: Mutex<(invoices: [SeedInvoice], services: [SeedService], orders: [Int: Order])>

    /// The clients' contact details as UpdateClient leaves them.
    let contacts: WhmcsClientContacts
    let ssoTokens = WhmcsSsoTokens()

    init(seed: SandboxSeed) {
        state = Mutex((seed.invoices, seed.services, [:]))
        contacts = WhmcsClientContacts(seed: seed)
    }

    var invoices: [SeedInvoice] { state.withLock { $0.invoices } }
    var services: [SeedService] { state.withLock { $0.services } }

    /// Creates a pending order with one pending service per product and its unpaid invoice.
    func addOrder(clientId: Int, productIds: [Int], billingCycles: [String], paymentMethod: String, today: LocalDate) -> Order {
        state.withLock { state in
            let orderId = (state.orders.keys.max() ?? 900_000) + 1
            let invoiceId = (state.invoices.map(\.id).max() ?? 0) + 1
            var serviceIds: [Int] = []
            var items: [SeedInvoice.Item] = []
            for (index, productId) in productIds.enumerated() {
                let product = Self.products[productId] ?? ("Product \(productId)", "Other", 1000)
                let serviceId = (state.services.map(\.id).max() ?? 0) + 1
                let cycle = index < billingCycles.count ? billingCycles[index].capitalized : "Monthly"
                state.services.append(
                    SeedService(
                        id: serviceId,
                        clientId: clientId,
                        orderId: orderId,
                        productId: productId,
                        productName: product.name,
                        groupName: product.group,
                        status: "Pending",
                        billingCycle: cycle,
                        amount: product.monthly,
                        registeredOn: today,
                        nextDueOn: today,
                        domain: "",
                        iccid: nil,
                        msisdn: nil
                    )
                )
                serviceIds.append(serviceId)
                items.append(
                    .init(id: invoiceId * 10 + index + 1, type: "Hosting", relatedId: serviceId, description: product.name, amount: product.monthly)
                )
            }
            state.invoices.append(
                SeedInvoice(
                    id: invoiceId,
                    clientId: clientId,
                    number: "",
                    status: "Unpaid",
                    date: today,
                    dueDate: today.adding(days: 14) ?? today,
                    paidAt: nil,
                    items: items,
                    paymentMethod: paymentMethod
                )
            )
            let order = Order(id: orderId, clientId: clientId, serviceIds: serviceIds, invoiceId: invoiceId, status: "Pending")
            state.orders[orderId] = order
            return order
        }
    }

    /// Activates a pending order's services; nil when there is no such order, false when it is not pending.
    func acceptOrder(_ id: Int, clients: Set<Int>) -> Bool? {
        state.withLock { state in
            guard var order = state.orders[id], clients.contains(order.clientId) else { return nil }
            guard order.status == "Pending" else { return false }
            order.status = "Active"
            state.orders[id] = order
            state.services = state.services.map { service in
                guard order.serviceIds.contains(service.id) else { return service }
                return SeedService(
                    id: service.id,
                    clientId: service.clientId,
                    orderId: service.orderId,
                    productId: service.productId,
                    productName: service.productName,
                    groupName: service.groupName,
                    status: "Active",
                    billingCycle: service.billingCycle,
                    amount: service.amount,
                    registeredOn: service.registeredOn,
                    nextDueOn: service.nextDueOn,
                    domain: service.domain,
                    iccid: service.iccid,
                    msisdn: service.msisdn
                )
            }
            return true
        }
    }

    /// Changes an invoice as a WHMCS administrator's UpdateInvoice would; false when there is no such invoice.
    func changeInvoice(_ id: Int, status: String?, dueDate: LocalDate?) -> Bool {
        state.withLock { state in
            guard let index = state.invoices.firstIndex(where: { $0.id == id }) else { return false }
            if let status { state.invoices[index].status = status }
            if let dueDate { state.invoices[index].dueDate = dueDate }
            return true
        }
    }
}
