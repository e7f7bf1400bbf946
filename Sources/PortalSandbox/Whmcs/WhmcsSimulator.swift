import Domain
import Foundation
import Hummingbird

/// WHMCS's External API as the BFF uses it: form POSTs to `{base}/includes/api.php` with `identifier`,
/// `secret`, `action` and `responsetype=json`, one base URL per instance (`/brand-b/includes/api.php`).
/// Answers in WHMCS's style: numbers as strings, `0000-00-00` for no date, `""` for empty lists, escaped
/// Unicode, free text HTML-escaped as WHMCS stores it, HTTP 403 for bad credentials, and GetInvoice's
/// not-found answer without `result`. The body is read as PHP reads it into `$_POST` (`PHPPostVariables`).
struct WhmcsSimulator: Sendable {
    struct Credentials: Sendable, Equatable {
        let identifier: String
        let secret: String
    }

    let seed: SandboxSeed
    let store: WhmcsStore
    let tickets: WhmcsTicketStore
    let received: WhmcsReceivedCalls
    let knobs: SimulatorKnobs
    let today: @Sendable () -> LocalDate

    /// The sandbox's API credentials of an instance (dev-only values).
    static func credentials(for instance: String) -> Credentials {
        Credentials(identifier: "sandbox-\(instance)-identifier", secret: "sandbox-\(instance)-secret")
    }

    func addRoutes(to router: some RouterMethods<BasicRequestContext>) {
        router.post("/includes/api.php") { request, _ in await handle(request, instance: "default") }
        router.post("/:instance/includes/api.php") { request, context in
            await handle(request, instance: context.parameters.get("instance") ?? "")
        }
        addSingleSignOnRoutes(to: router)
    }

    private func handle(_ request: Request, instance: String) async -> Response {
        guard SandboxSeed.instances.contains(instance) else { return Response(status: .notFound) }
        let body = (try? await request.body.collect(upTo: 1 << 20)).map { Array($0.readableBytesView) } ?? []
        let post = PHPPostVariables(FormURLEncoded.parse(body))
        received.record(instance: instance, post)
        let form = post.strings
        let lists = post.lists
        let action = form["action"] ?? ""
        let systemURL = Self.systemURL(request, instance: instance)
        return await knobs.run("whmcs.\(action)", traceparent: request.headers[.traceparent], fault: Response.fault) {
            answer(instance: instance, action, form, lists: lists, systemURL: systemURL)
        }
    }

    private func answer(instance: String, _ action: String, _ form: [String: String], lists: [String: [String]], systemURL: String) -> Response {
        guard form["identifier"] == Self.credentials(for: instance).identifier, form["secret"] == Self.credentials(for: instance).secret else {
            return .json(error("Authentication Failed"), style: .php, status: .forbidden)
        }
        guard form["responsetype"] == "json" else { return .json(error("Only responsetype=json is supported here"), style: .php) }
        let clients = Set(seed.customers.filter { $0.whmcsInstance == instance }.map(\.whmcsClientId))
        return .json(answer(action, form, lists: lists, clients: clients, systemURL: systemURL), style: .php)
    }

    private func answer(_ action: String, _ form: [String: String], lists: [String: [String]], clients: Set<Int>, systemURL: String) -> JSONValue {
        let clientId = Int(form["clientid"] ?? form["userid"] ?? "").flatMap { clients.contains($0) ? $0 : nil }
        switch action {
        case "GetInvoices": return invoices(form, clientId: clientId)
        case "GetInvoice": return invoice(Int(form["invoiceid"] ?? ""), clients: clients)
        case "GetClientsProducts": return products(clientId: clientId, serviceId: Int(form["serviceid"] ?? ""))
        case "GetClientsDetails": return clientDetails(clientId)
        case "GetPayMethods": return payMethods(clientId)
        case "AddOrder": return addOrder(form, lists: lists, clientId: clientId)
        case "AcceptOrder": return acceptOrder(Int(form["orderid"] ?? ""), clients: clients)
        case "UpdateClient": return updateClient(form, clientId: clientId)
        case "CreateSsoToken": return createSsoToken(form, clients: clients, systemURL: systemURL)
        default: return ticketAnswer(action, form, clientId: clientId, clients: clients) ?? error("Command Not Found")
        }
    }

    func error(_ message: String) -> JSONValue {
        .object([("result", .string("error")), ("message", .string(message))])
    }

    private func money(_ yen: Int) -> JSONValue { .string("\(yen).00") }

    /// Free text as WHMCS answers it: HTML-escaped.
    func text(_ typed: String) -> JSONValue { .string(typed.htmlSpecialChars) }

    // MARK: Invoices

    private func invoices(_ form: [String: String], clientId: Int?) -> JSONValue {
        guard let clientId else { return error("Client Not Found") }
        let start = max(0, Int(form["limitstart"] ?? "") ?? 0)
        let limit = max(1, Int(form["limitnum"] ?? "") ?? 25)
        let status = form["status"] ?? ""
        let matching = store.invoices.filter { invoice in
            guard invoice.clientId == clientId else { return false }
            switch status {
            case "": return true
            case "Overdue": return invoice.status == "Unpaid" && invoice.dueDate < today()
            default: return invoice.status == status
            }
        }.sorted { $0.id > $1.id }
        let page = matching.dropFirst(start).prefix(limit)
        let list: JSONValue = page.isEmpty ? .array([]) : .object([("invoice", .array(page.map(invoiceRow)))])
        return .object([
            ("result", .string("success")), ("totalresults", .string(String(matching.count))), ("startnumber", .int(start)),
            ("numreturned", .int(page.count)), ("invoices", list),
        ])
    }

    private func invoiceRow(_ invoice: SeedInvoice) -> JSONValue {
        let customer = seed.customers.first { $0.whmcsClientId == invoice.clientId }
        return .object(
            [
                ("id", invoice.id % 3 == 0 ? .int(invoice.id) : .string(String(invoice.id))), ("userid", .string(String(invoice.clientId))),
                ("firstname", text(customer?.givenName ?? "")), ("lastname", text(customer?.familyName ?? "")), ("companyname", .string("")),
            ] + invoiceFields(invoice) + [
                ("currencycode", .string("JPY")), ("currencyprefix", .string("¥")), ("currencysuffix", .string("円")),
            ]
        )
    }

    private func invoiceFields(_ invoice: SeedInvoice) -> [(String, JSONValue)] {
        [
            ("invoicenum", text(invoice.number)), ("date", .string(invoice.date.description)), ("duedate", .string(invoice.dueDate.description)),
            ("datepaid", .string(invoice.paidAt ?? "0000-00-00 00:00:00")), ("last_capture_attempt", .string("0000-00-00 00:00:00")),
            ("subtotal", money(invoice.subtotal)), ("credit", money(0)), ("tax", money(invoice.tax)), ("tax2", money(0)),
            ("total", money(invoice.total)), ("taxrate", .string("10.00")), ("taxrate2", .string("0.00")), ("status", .string(invoice.status)),
            ("paymentmethod", .string(invoice.paymentMethod)), ("notes", .string("")),
        ]
    }

    private func invoice(_ id: Int?, clients: Set<Int>) -> JSONValue {
        guard let id, let invoice = store.invoices.first(where: { $0.id == id && clients.contains($0.clientId) }) else {
            return .object([("status", .string("error")), ("message", .string("Invoice ID Not Found"))])
        }
        let paid = invoice.status == "Paid" || invoice.status == "Refunded" || invoice.status == "Cancelled"
        var fields: [(String, JSONValue)] = [
            ("result", .string("success")), ("invoiceid", .string(String(invoice.id))), ("userid", .string(String(invoice.clientId))),
        ]
        fields += invoiceFields(invoice).map { $0.0 == "last_capture_attempt" ? ("lastcaptureattempt", $0.1) : $0 }
        fields += [("balance", money(paid ? 0 : invoice.total)), ("ccgateway", .bool(invoice.paymentMethod == "stripe"))]
        if !invoice.items.isEmpty {
            fields.append(
                (
                    "items",
                    .object([
                        (
                            "item",
                            .array(
                                invoice.items.map { item in
                                    .object([
                                        ("id", .string(String(item.id))), ("type", .string(item.type)), ("relid", .string(String(item.relatedId))),
                                        ("description", text(item.description)), ("amount", money(item.amount)), ("taxed", .string("1")),
                                    ])
                                }
                            )
                        )
                    ])
                )
            )
        }
        fields.append(("transactions", .string("")))
        return .object(fields)
    }

    // MARK: Services

    private func products(clientId: Int?, serviceId: Int?) -> JSONValue {
        guard let clientId else { return error("Client Not Found") }
        let services = store.services.filter { $0.clientId == clientId && (serviceId == nil || $0.id == serviceId) }
        let list: JSONValue = services.isEmpty ? .string("") : .object([("product", .array(services.map(productRow)))])
        return .object([
            ("result", .string("success")), ("clientid", .string(String(clientId))), ("serviceid", serviceId.map { .int($0) } ?? .null),
            ("pid", .null), ("domain", .null), ("totalresults", .int(services.count)), ("startnumber", .int(0)),
            ("numreturned", .int(services.count)), ("products", list),
        ])
    }

    private func productRow(_ service: SeedService) -> JSONValue {
        var customFields: [JSONValue] = []
        if let iccid = service.iccid {
            customFields.append(
                .object([("id", .string("8")), ("name", .string("ICCID")), ("translated_name", .string("ICCID")), ("value", .string(iccid))])
            )
        }
        if let msisdn = service.msisdn {
            let formatted = "\(msisdn.prefix(3))-\(msisdn.dropFirst(3).prefix(4))-\(msisdn.suffix(4))"
            customFields.append(
                .object([("id", .string("9")), ("name", .string("MSISDN")), ("translated_name", .string("電話番号")), ("value", text(formatted))])
            )
        }
        return .object([
            ("id", .string(String(service.id))), ("clientid", .string(String(service.clientId))), ("orderid", .string(String(service.orderId))),
            ("ordernumber", .string(String(service.orderId * 7919))), ("pid", .string(String(service.productId))),
            ("regdate", .string(service.registeredOn.description)), ("name", text(service.productName)),
            ("translated_name", text(service.productName)), ("groupname", text(service.groupName)),
            ("translated_groupname", text(service.groupName)), ("domain", text(service.domain)), ("dedicatedip", .string("")),
            ("serverid", .string("0")), ("firstpaymentamount", money(service.amount)), ("recurringamount", money(service.amount)),
            ("paymentmethod", .string("stripe")), ("paymentmethodname", .string("Credit Card")), ("billingcycle", .string(service.billingCycle)),
            ("nextduedate", .string(service.nextDueOn?.description ?? "0000-00-00")), ("status", .string(service.status)),
            ("username", .string("")), ("password", .string("sandbox-service-password")), ("subscriptionid", .string("")),
            ("customfields", customFields.isEmpty ? .string("") : .object([("customfield", .array(customFields))])),
            ("configoptions", .string("")),
        ])
    }

    // MARK: Orders

    private func addOrder(_ form: [String: String], lists: [String: [String]], clientId: Int?) -> JSONValue {
        guard let clientId else { return error("Client ID Not Found") }
        guard let paymentMethod = form["paymentmethod"], !paymentMethod.isEmpty else { return error("Payment Method Required") }
        let productIds = (lists["pid"] ?? form["pid"].map { [$0] } ?? []).compactMap { Int($0) }
        guard !productIds.isEmpty, productIds.allSatisfy({ WhmcsStore.products[$0] != nil }) else { return error("Invalid Product ID") }
        let order = store.addOrder(
            clientId: clientId,
            productIds: productIds,
            billingCycles: lists["billingcycle"] ?? [],
            paymentMethod: paymentMethod,
            today: today()
        )
        return .object([
            ("result", .string("success")), ("orderid", .int(order.id)),
            ("serviceids", .string(order.serviceIds.map(String.init).joined(separator: ","))),
            ("addonids", .string("")), ("domainids", .string("")), ("invoiceid", .int(order.invoiceId)),
        ])
    }

    private func acceptOrder(_ id: Int?, clients: Set<Int>) -> JSONValue {
        // WHMCS answers an order that is no longer pending as it answers an unknown one.
        switch id.flatMap({ store.acceptOrder($0, clients: clients) }) {
        case true?: .object([("result", .string("success"))])
        case false?, nil: error("Order ID not found or Status not Pending")
        }
    }

    // MARK: Clients and pay methods

    private func clientDetails(_ clientId: Int?) -> JSONValue {
        guard let clientId, let customer = seed.customers.first(where: { $0.whmcsClientId == clientId }),
            let contact = store.contacts.contact(of: clientId)
        else {
            return error("Client Not Found")
        }
        let client: [(String, JSONValue)] = [
            ("userid", .int(clientId)), ("client_id", .int(clientId)), ("id", .int(clientId)),
            ("firstname", text(customer.givenName)), ("lastname", text(customer.familyName)),
            ("fullname", text("\(customer.givenName) \(customer.familyName)")), ("companyname", .string("")),
            ("email", text(contact.email)), ("address1", text(contact.address1)), ("address2", text(contact.address2)),
            ("city", text(contact.city)), ("fullstate", text(contact.state)), ("state", text(contact.state)),
            ("postcode", text(contact.postcode)), ("countrycode", .string(contact.country)), ("country", .string(contact.country)),
            ("phonenumber", text(contact.phone)), ("currency", .int(1)), ("currency_code", .string("JPY")), ("status", .string("Active")),
        ]
        return .object([("result", .string("success"))] + client + [("client", .object(client))])
    }

    private func payMethods(_ clientId: Int?) -> JSONValue {
        guard let clientId else { return error("Client Not Found") }
        let methods = seed.payMethods.filter { $0.clientId == clientId }.map { method -> JSONValue in
            var fields: [(String, JSONValue)] = [
                ("id", .int(method.id)), ("type", .string(method.type)), ("description", text(method.description)),
                ("gateway_name", .string(method.type == "BankAccount" ? "" : "stripe")), ("contact_type", .string("Client")),
                ("contact_id", .int(clientId)),
            ]
            switch method.type {
            case "BankAccount":
                fields += [
                    ("bank_name", text("サンドボックス銀行")), ("account_type", text("普通")), ("routing_number", .string("0001")),
                    ("account_number", .string("123" + method.lastFour)),
                ]
            case "RemoteBankAccount":
                fields += [
                    ("account_number", .string("****" + method.lastFour)),
                    ("remote_token", .string("{\"customer\":\"cus_sandbox\",\"method\":\"ba_sandbox\"}")),
                ]
            default:
                fields += [
                    ("card_last_four", .string(method.lastFour)), ("expiry_date", .string(method.expiry)), ("start_date", .string("")),
                    ("issue_number", .string("")), ("card_type", text(method.cardType)),
                    ("remote_token", .string("{\"customer\":\"cus_sandbox\",\"method\":\"pm_sandbox\"}")),
                ]
            }
            return .object(fields + [("last_updated", .string("01/11/2026 10:00"))])
        }
        return .object([("result", .string("success")), ("clientid", .string(String(clientId))), ("paymethods", .array(methods))])
    }
}
