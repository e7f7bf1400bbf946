import Domain

/// A WHMCS invoice as the simulator stores it (amounts in yen).
struct SeedInvoice: Sendable {
    struct Item: Sendable {
        let id: Int
        let type: String
        let relatedId: Int
        let description: String
        let amount: Int
    }

    let id: Int
    let clientId: Int
    let number: String
    var status: String
    let date: LocalDate
    var dueDate: LocalDate
    let paidAt: String?
    let items: [Item]
    let paymentMethod: String

    var subtotal: Int { items.reduce(0) { $0 + $1.amount } }
    var tax: Int { subtotal / 10 }
    var total: Int { subtotal + tax }
}

/// A WHMCS service (subscription).
struct SeedService: Sendable {
    let id: Int
    let clientId: Int
    let orderId: Int
    let productId: Int
    let productName: String
    let groupName: String
    let status: String
    let billingCycle: String
    let amount: Int
    let registeredOn: LocalDate
    let nextDueOn: LocalDate?
    let domain: String
    let iccid: String?
    let msisdn: String?
}

struct SeedPayMethod: Sendable {
    let id: Int
    let clientId: Int
    let type: String
    let description: String
    let lastFour: String
    let expiry: String
    let cardType: String
}

/// A Freebit SIM line.
struct SeedSim: Sendable {
    let msisdn: String
    let iccid: String
    let state: String
    let planCode: String
    let startDate: LocalDate
    let quotaKB: Int
    /// Today's traffic first, then the days before it.
    let recentKB: [Int]
}

/// A Salesforce Product2 with its standard-pricebook entries.
struct SeedProduct: Sendable {
    struct Price: Sendable {
        let id: SalesforceId
        let unitPrice: Int
        let billingCycle: String
    }

    let id: SalesforceId
    let name: String
    let code: String
    let family: String
    let category: String
    let description: String
    let prices: [Price]
}

/// A Salesforce Order with its items.
struct SeedOrder: Sendable {
    struct Item: Sendable {
        let id: SalesforceId
        let product: SeedProduct
        let quantity: Int
        let unitPrice: Int
        let itemClass: String
    }

    let id: SalesforceId
    let accountId: SalesforceId
    let accountName: String
    let number: String
    let status: String
    let type: String
    let effectiveDate: LocalDate
    let createdDate: String
    let items: [Item]

    var totalAmount: Int { items.reduce(0) { $0 + $1.unitPrice * $1.quantity } }
}
