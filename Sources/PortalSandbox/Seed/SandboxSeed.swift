import Domain

/// The sandbox's data: 20 customers with consistent ids across WHMCS (two brands), Salesforce and Freebit,
/// Japanese names and addresses, invoices in every WHMCS status, subscriptions with SIM custom fields, orders
/// and a catalog. Deterministic: the same every run.
public struct SandboxSeed: Sendable {
    public static let instances = ["default", "brand-b"]
    public static let standardPricebookId = salesforceId("01s", 1)

    public let customers: [SandboxCustomer]
    let invoices: [SeedInvoice]
    let services: [SeedService]
    let payMethods: [SeedPayMethod]
    let sims: [SeedSim]
    let products: [SeedProduct]
    let orders: [SeedOrder]

    private static let familyNames = ["山田", "佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺", "中村", "小林", "加藤"]
    private static let givenNames = ["太郎", "花子", "一郎", "美咲", "健太", "陽菜", "翔", "結衣", "大輔", "さくら"]
    private static let romanFamily = ["yamada", "sato", "suzuki", "takahashi", "tanaka", "ito", "watanabe", "nakamura", "kobayashi", "kato"]
    private static let places: [(postcode: String, prefecture: String, city: String, street: String)] = [
        ("163-8001", "東京都", "新宿区", "西新宿2-8-1"), ("530-0001", "大阪府", "大阪市北区", "梅田1-1-3"),
        ("460-0008", "愛知県", "名古屋市中区", "栄3-5-1"), ("060-0001", "北海道", "札幌市中央区", "北1条西2-1"),
        ("810-0001", "福岡県", "福岡市中央区", "天神1-8-1"),
    ]
    /// Every fourth customer pays from a bank account; the last of each eight from one a gateway holds, which
    /// WHMCS lists with no description and no bank name.
    private static let payMethodTypes = [
        "RemoteCreditCard", "RemoteCreditCard", "RemoteCreditCard", "BankAccount",
        "RemoteCreditCard", "RemoteCreditCard", "RemoteCreditCard", "RemoteBankAccount",
    ]
    static let invoiceStatuses = ["Paid", "Unpaid", "Cancelled", "Refunded", "Collections", "Draft", "Payment Pending"]

    /// The invoices each customer has when nothing else is asked for.
    public static let defaultInvoicesPerCustomer = 7
    /// The most invoices a customer may be seeded with.
    public static let maximumInvoicesPerCustomer = 20_000

    /// `invoicesPerCustomer` beyond the default adds older paid invoices, issued a day apart before 2026,
    /// with ids of their own range; benchmarks use it for data sets larger than a cache.
    public init(invoicesPerCustomer: Int = defaultInvoicesPerCustomer) {
        precondition((1...Self.maximumInvoicesPerCustomer).contains(invoicesPerCustomer), "invoicesPerCustomer is 1…20000")
        products = Self.catalog()
        var customers: [SandboxCustomer] = []
        var invoices: [SeedInvoice] = []
        var services: [SeedService] = []
        var payMethods: [SeedPayMethod] = []
        var sims: [SeedSim] = []
        var orders: [SeedOrder] = []
        for index in 0..<20 {
            let instance = index < 12 ? "default" : "brand-b"
            let clientId = (instance == "default" ? 1001 : 2001) + (index < 12 ? index : index - 12)
            let place = Self.places[index % Self.places.count]
            let customer = SandboxCustomer(
                customerId: "cust-\(Self.padded(index + 1, 3))",
                whmcsInstance: instance,
                whmcsClientId: clientId,
                salesforceAccountId: Self.salesforceId("001", index + 1),
                familyName: Self.familyNames[index % 10],
                givenName: Self.givenNames[(index * 3) % 10],
                email: "\(Self.romanFamily[index % 10]).\(index + 1)@example.jp",
                phone: "03-5555-\(Self.padded(index + 1, 4))",
                postcode: place.postcode,
                prefecture: place.prefecture,
                city: place.city,
                street: place.street
            )
            customers.append(customer)

            let mobile = SeedService(
                id: clientId * 10 + 1,
                clientId: clientId,
                orderId: clientId * 10,
                productId: 12,
                productName: "モバイルデータ 10GB",
                groupName: "格安SIM",
                status: index % 7 == 6 ? "Suspended" : "Active",
                billingCycle: "Monthly",
                amount: 3800,
                registeredOn: Self.date(2025, 4 + index % 6, 1 + index),
                nextDueOn: Self.date(2026, 12, 1 + index),
                domain: "",
                iccid: "89811000" + Self.padded(10_000_000 + index * 7919, 11),
                msisdn: "080" + Self.padded(10_000_000 + index * 104_729, 8)
            )
            services.append(mobile)
            if index % 3 == 0 {
                services.append(
                    SeedService(
                        id: clientId * 10 + 2,
                        clientId: clientId,
                        orderId: clientId * 10,
                        productId: 3,
                        productName: "光回線 1G",
                        groupName: "インターネット",
                        status: index % 2 == 0 ? "Active" : "Terminated",
                        billingCycle: "Annually",
                        amount: 54000,
                        registeredOn: Self.date(2024, 1 + index % 12, 15),
                        nextDueOn: index % 2 == 0 ? Self.date(2027, 1 + index % 12, 15) : nil,
                        domain: "\(Self.romanFamily[index % 10])-home.example.jp",
                        iccid: nil,
                        msisdn: nil
                    )
                )
            }
            if let iccid = mobile.iccid, let msisdn = mobile.msisdn {
                sims.append(
                    SeedSim(
                        msisdn: msisdn,
                        iccid: iccid,
                        state: mobile.status == "Active" ? "active" : "suspend",
                        planCode: "PSP10G",
                        startDate: mobile.registeredOn,
                        quotaKB: 10_485_760 - index * 262_144,
                        recentKB: (0..<4).map { day in (index * 37 + day * 911) % 9 * 51_200 }
                    )
                )
            }
            for number in 0..<min(invoicesPerCustomer, Self.defaultInvoicesPerCustomer) {
                let status = Self.invoiceStatuses[(index + number) % Self.invoiceStatuses.count]
                let id = clientId * 100 + number + 1
                let issued = Self.date(2026, 1 + number, 1)
                invoices.append(
                    SeedInvoice(
                        id: id,
                        clientId: clientId,
                        number: number % 2 == 0 ? "INV-\(id)" : "",
                        status: status,
                        date: issued,
                        dueDate: Self.date(2026, 1 + number, 15),
                        paidAt: status == "Paid" || status == "Refunded" ? "\(Self.date(2026, 1 + number, 10)) 14:05:09" : nil,
                        items: [
                            .init(id: id * 10 + 1, type: "Hosting", relatedId: mobile.id, description: "モバイルデータ 10GB (\(issued))", amount: 3800),
                            .init(id: id * 10 + 2, type: "", relatedId: 0, description: "ユニバーサルサービス料 & 電話リレーサービス料", amount: 2 * (number + 1)),
                        ],
                        paymentMethod: index % 2 == 0 ? "stripe" : "banktransfer"
                    )
                )
            }
            for number in Self.defaultInvoicesPerCustomer..<max(invoicesPerCustomer, Self.defaultInvoicesPerCustomer) {
                invoices.append(Self.olderInvoice(number, clientId: clientId, serviceId: mobile.id, index: index))
            }
            payMethods.append(
                SeedPayMethod(
                    id: clientId * 10 + 1,
                    clientId: clientId,
                    type: Self.payMethodTypes[index % 8],
                    description: index % 4 == 1 ? "仕事用 \"法人\" カード (O'Brien & Co.)" : "",
                    lastFour: Self.padded(1000 + index * 311 % 9000, 4),
                    expiry: "\(Self.padded(1 + index % 12, 2))/28",
                    cardType: "Visa"
                )
            )
            orders.append(contentsOf: Self.orders(for: customer, index: index, products: products))
        }
        self.customers = customers
        self.invoices = invoices
        self.services = services
        self.payMethods = payMethods
        self.sims = sims
        self.orders = orders
    }

    private static func catalog() -> [SeedProduct] {
        let rows: [(String, String, String, String, String, [(Int, String)])] = [
            ("データ SIM 3GB", "SIM-D-3G", "Mobile", "sim", "月 3GB までのデータ通信", [(990, "Monthly")]),
            ("データ SIM 10GB", "SIM-D-10G", "Mobile", "sim", "月 10GB までのデータ通信", [(3800, "Monthly"), (41040, "Annually")]),
            ("音声 SIM 20GB", "SIM-V-20G", "Mobile", "sim", "通話付き 月 20GB", [(4980, "Monthly")]),
            ("SIM 発行手数料", "SIM-FEE", "Mobile", "sim", "SIM カード発行時に一度", [(3508, "One Time")]),
            ("光回線 1G", "FTTH-1G", "Internet", "internet", "最大 1Gbps の光回線", [(4500, "Monthly"), (54000, "Annually")]),
            ("光回線 10G", "FTTH-10G", "Internet", "internet", "最大 10Gbps の光回線", [(6800, "Monthly")]),
            ("Wi-Fi ルーター レンタル", "RT-WIFI6", "Equipment", "equipment", "Wi-Fi 6 対応ルーター", [(550, "Monthly")]),
            ("データ追加 1GB", "TOPUP-1G", "Mobile", "topup", "当月末まで有効", [(550, "One Time")]),
        ]
        return rows.enumerated().map { index, row in
            SeedProduct(
                id: salesforceId("01t", index + 1),
                name: row.0,
                code: row.1,
                family: row.2,
                category: row.3,
                description: row.4,
                prices: row.5.enumerated().map { priceIndex, price in
                    .init(id: salesforceId("01u", (index + 1) * 10 + priceIndex), unitPrice: price.0, billingCycle: price.1)
                }
            )
        }
    }

    private static func orders(for customer: SandboxCustomer, index: Int, products: [SeedProduct]) -> [SeedOrder] {
        let statuses = ["Activated", "Draft", "Provisioning Requested", "Provisioned", "Cancelled"]
        return (0..<2).map { number in
            let serial = index * 2 + number + 1
            let sim = products[1 + number % 2]
            return SeedOrder(
                id: salesforceId("801", serial),
                accountId: customer.salesforceAccountId,
                accountName: customer.name,
                number: padded(100 + serial, 8),
                status: statuses[(index + number) % statuses.count],
                type: number == 0 ? "New SIM" : "Change",
                effectiveDate: date(2026, 3 + number, 1 + index),
                createdDate: "2026-0\(2 + number)-\(padded(1 + index, 2))T01:30:00.000+0000",
                items: [
                    .init(
                        id: salesforceId("802", serial * 10 + 1),
                        product: sim,
                        quantity: 1,
                        unitPrice: sim.prices[0].unitPrice,
                        itemClass: "Service"
                    ),
                    .init(
                        id: salesforceId("802", serial * 10 + 2),
                        product: products[3],
                        quantity: 1,
                        unitPrice: products[3].prices[0].unitPrice,
                        itemClass: "Activation"
                    ),
                ]
            )
        }
    }

    /// A valid 18-character id: a 3-character key prefix, then `n` in base 62.
    static func salesforceId(_ prefix: String, _ n: Int) -> SalesforceId {
        let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
        var digits: [Character] = []
        var rest = n
        repeat {
            digits.append(alphabet[rest % 62])
            rest /= 62
        } while rest > 0
        let body = String(repeating: "0", count: 12 - digits.count) + String(digits.reversed())
        guard let id = SalesforceId(prefix + "5g" + body.suffix(10)) else { preconditionFailure("seed ids are alphanumeric") }
        return id
    }

    /// An invoice before the default ones: paid, issued `number` days before 2026-01-01 and due 14 days later.
    private static func olderInvoice(_ number: Int, clientId: Int, serviceId: Int, index: Int) -> SeedInvoice {
        let id = 10_000_000 + clientId * 100_000 + number
        let issued = date(2026, 1, 1 - number)
        return SeedInvoice(
            id: id,
            clientId: clientId,
            number: "INV-\(id)",
            status: "Paid",
            date: issued,
            dueDate: date(2026, 1, 15 - number),
            paidAt: "\(date(2026, 1, 10 - number)) 09:30:00",
            items: [.init(id: id * 10 + 1, type: "Hosting", relatedId: serviceId, description: "モバイルデータ 10GB (\(issued))", amount: 3800)],
            paymentMethod: index % 2 == 0 ? "stripe" : "banktransfer"
        )
    }

    static func date(_ year: Int, _ month: Int, _ day: Int) -> LocalDate {
        let normalized = LocalDate(year: year + (month - 1) / 12, month: (month - 1) % 12 + 1, day: 1)?.adding(days: day - 1)
        guard let normalized else { preconditionFailure("seed dates are real") }
        return normalized
    }

    static func padded(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }
}
