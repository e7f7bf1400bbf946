/// A support ticket of a seeded customer, with its conversation (the opening message first). Text is as
/// the customer or staff typed it; the simulator escapes it as WHMCS stores it.
struct SeedTicket: Sendable {
    struct Reply: Sendable {
        let id: Int
        /// The staff member's name for a staff reply; nil for the client's own.
        let admin: String?
        let date: String
        let message: String
    }

    let id: Int
    let number: String
    let clientId: Int
    let departmentId: Int
    let subject: String
    var status: String
    let priority: String
    let date: String
    var lastReply: String
    let serviceId: Int?
    var replies: [Reply]
}

extension SandboxSeed {
    /// The WHMCS support departments of every instance: id → name.
    static let ticketDepartments = [1: "サポート", 2: "請求"]

    /// One ticket per seeded customer, two for every other one (the second answered by staff, its text
    /// with characters WHMCS escapes). Deterministic, ids in client order.
    var tickets: [SeedTicket] {
        var tickets: [SeedTicket] = []
        for (index, customer) in customers.enumerated() {
            let day = 1 + index % 27
            let opened = "2026-10-\(day < 10 ? "0" : "")\(day) 10:00:00"
            tickets.append(
                SeedTicket(
                    id: tickets.count + 1,
                    number: String(100_000 + (tickets.count + 1) * 7919 % 900_000),
                    clientId: customer.whmcsClientId,
                    departmentId: 1,
                    subject: "SIM の通信速度について",
                    status: "Open",
                    priority: "Medium",
                    date: opened,
                    lastReply: opened,
                    serviceId: customer.whmcsClientId * 10 + 1,
                    replies: [.init(id: 0, admin: nil, date: opened, message: "夜になると通信が遅くなります。\n確認をお願いします。")]
                )
            )
            guard index % 2 == 1 else { continue }
            let answered = "2026-11-\(day < 10 ? "0" : "")\(day) 15:30:00"
            tickets.append(
                SeedTicket(
                    id: tickets.count + 1,
                    number: String(100_000 + (tickets.count + 1) * 7919 % 900_000),
                    clientId: customer.whmcsClientId,
                    departmentId: 2,
                    subject: "請求書 <10月分> & 領収書",
                    status: "Answered",
                    priority: "Low",
                    date: "2026-11-\(day < 10 ? "0" : "")\(day) 09:00:00",
                    lastReply: answered,
                    serviceId: nil,
                    replies: [
                        .init(id: 0, admin: nil, date: "2026-11-\(day < 10 ? "0" : "")\(day) 09:00:00", message: "\"A&amp;B\" と書かれた領収書を再発行してください。"),
                        .init(id: 500 + index, admin: "サポート担当 佐々木", date: answered, message: "再発行しました。<マイページ> からご確認ください。"),
                    ]
                )
            )
        }
        return tickets
    }
}
