import Foundation
import Hummingbird

/// UpdateClient, CreateSsoToken, and the single sign-on page its link opens (once, within 60 seconds)
/// before it redirects to the page the token names, as `{SystemURL}/oauth/singlesignon.php` does.
extension WhmcsSimulator {
    func updateClient(_ form: [String: String], clientId: Int?) -> JSONValue {
        guard let clientId else { return error("Client ID Not Found") }
        do {
            try store.contacts.update(clientId, from: form)
        } catch .duplicateEmail {
            return error("Duplicate Email Address")
        } catch {
            return self.error("Client ID Not Found")
        }
        return .object([("result", .string("success")), ("clientid", .string(String(clientId)))])
    }

    func createSsoToken(_ form: [String: String], clients: Set<Int>, systemURL: String) -> JSONValue {
        guard let clientId = Int(form["client_id"] ?? ""), clients.contains(clientId) else { return error("Client ID Not Found") }
        let destination = form["destination"] ?? "clientarea:homepage"
        let path: String
        switch destination {
        case "sso:custom_redirect":
            guard let custom = form["sso_redirect_path"], !custom.isEmpty, !custom.contains("://"), !custom.hasPrefix("/") else {
                return error("Invalid destination")
            }
            path = custom
        case "clientarea:homepage": path = "clientarea.php"
        case "clientarea:invoices": path = "clientarea.php?action=invoices"
        default: return error("Invalid destination")
        }
        let token = store.ssoTokens.issue(clientId: clientId, path: path)
        return .object([
            ("result", .string("success")), ("access_token", .string(token)),
            ("redirect_url", .string("\(systemURL)/oauth/singlesignon.php?access_token=\(token)")),
        ])
    }

    func addSingleSignOnRoutes(to router: some RouterMethods<BasicRequestContext>) {
        router.get("/oauth/singlesignon.php") { request, _ in singleSignOn(request, instance: "default") }
        router.get("/:instance/oauth/singlesignon.php") { request, context in
            singleSignOn(request, instance: context.parameters.get("instance") ?? "")
        }
        router.get("/viewinvoice.php") { request, _ in viewInvoice(request) }
        router.get("/:instance/viewinvoice.php") { request, _ in viewInvoice(request) }
    }

    private func singleSignOn(_ request: Request, instance: String) -> Response {
        guard let token = request.uri.queryParameters.get("access_token"), let (_, path) = store.ssoTokens.redeem(token) else {
            return Self.page(status: .forbidden, "<h1>Invalid access token</h1><p>This link was used already or has expired.</p>")
        }
        return Response(status: .found, headers: [.location: "\(Self.systemURL(request, instance: instance))/\(path)"])
    }

    private func viewInvoice(_ request: Request) -> Response {
        guard let id = request.uri.queryParameters.get("id").flatMap({ Int($0) }), let invoice = store.invoices.first(where: { $0.id == id }) else {
            return Self.page(status: .notFound, "<h1>Invoice not found</h1>")
        }
        return Self.page(status: .ok, "<h1>Invoice #\(invoice.id)</h1><p>Status: \(invoice.status.htmlSpecialChars)</p><button>Pay now</button>")
    }

    static func systemURL(_ request: Request, instance: String) -> String {
        let host = request.head.authority ?? "127.0.0.1"
        return "http://\(host)/whmcs" + (instance == "default" ? "" : "/\(instance)")
    }

    private static func page(status: HTTPResponse.Status, _ body: String) -> Response {
        Response(
            status: status,
            headers: [.contentType: "text/html; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: "<!doctype html><title>WHMCS sandbox</title>\(body)"))
        )
    }
}
