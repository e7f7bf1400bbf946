import APITestSupport
import Foundation
import PortalAPI
import PortalCache
import PortalSupport
import TestSupport
import Testing

@testable import PortalApplication

@Suite("Portal API: HTTP methods", .enabled(if: TestRedis.isAvailable, "needs REDIS_URL (make test starts redis-server)"))
struct HTTPSemanticsTests {
    @Test func headOnEveryGetRouteAnswersTheGetsHeadersWithNoBody() async throws {
        try await APIHarness.withRunning { api in
            let token = try await api.token(customer: 13, cold: false)
            let paths = try await Self.getPaths(of: api, token: token)
            #expect(paths.count == buildRouter(api.dependencies).routes.filter { $0.method == .get }.count)
            for path in paths {
                let requestId = "head-\(UUID().uuidString)"
                let get = try await api.send("GET", path, token: token, headers: ["X-Request-Id": requestId])
                let head = try await api.send("HEAD", path, token: token, headers: ["X-Request-Id": requestId])
                #expect(get.status == 200, "\(path)")
                #expect(!get.body.isEmpty, "\(path)")
                #expect(head.status == get.status, "\(path)")
                #expect(head.body.isEmpty, "\(path)")
                for name in ["content-type", "content-length", "etag", "x-request-id", "cache-control"] {
                    #expect(head.headers[name] == get.headers[name], "\(name) of \(path)")
                }
            }
        }
    }

    @Test func headOfAnErrorAnswersTheErrorsStatusWithNoBody() async throws {
        try await APIHarness.withRunning { api in
            let unauthenticated = try await api.send("HEAD", "/api/invoices")
            #expect(unauthenticated.status == 401)
            #expect(unauthenticated.body.isEmpty)
            let unknown = try await api.send("HEAD", "/api/no-such-thing", token: try await api.token(customer: 13, cold: false))
            #expect(unknown.status == 404)
            #expect(unknown.body.isEmpty)
        }
    }

    @Test func aKnownPathWithAnotherMethodIs405WithAllow() async throws {
        try await APIHarness.withRunning { api in
            let token = try await api.token(customer: 13, cold: false)
            let delete = try await api.send("DELETE", "/api/invoices/100107", token: token)
            #expect(delete.status == 405)
            #expect(delete.error["code"] as? String == "METHOD_NOT_ALLOWED")
            #expect(delete.error["requestId"] as? String == delete.headers["x-request-id"])
            #expect(delete.headers["allow"] == "GET, HEAD")
            let put = try await api.send("PUT", "/api/orders", token: token, body: Data("{}".utf8))
            #expect(put.status == 405)
            #expect(put.headers["allow"] == "GET, HEAD, POST")
            let getOfAPostOnlyPath = try await api.get("/webhooks/salesforce")
            #expect(getOfAPostOnlyPath.status == 405)
            #expect(getOfAPostOnlyPath.headers["allow"] == "POST")
        }
    }

    @Test func anUnknownPathIs404WhateverTheMethod() async throws {
        try await APIHarness.withRunning { api in
            let token = try await api.token(customer: 13, cold: false)
            for method in ["GET", "DELETE", "POST"] {
                let answer = try await api.send(method, "/api/invoices/100107/nothing", token: token, body: method == "POST" ? Data("{}".utf8) : nil)
                #expect(answer.status == 404, "\(method)")
                #expect(answer.headers["allow"] == nil, "\(method)")
                #expect(answer.error["code"] as? String == "NOT_FOUND", "\(method)")
            }
        }
    }

    @Test func theDocumentedRequestIdPatternIsExactlyWhatIsEchoed() async throws {
        try await APIHarness.withRunning { api in
            let document = try #require(try JSONSerialization.jsonObject(with: OpenAPIDocument.data) as? [String: Any])
            let parameters = try #require((document["components"] as? [String: Any])?["parameters"] as? [String: [String: Any]])
            let pattern = try #require((parameters["RequestId"]?["schema"] as? [String: Any])?["pattern"] as? String)
            let regex = try NSRegularExpression(pattern: pattern)
            let offered = ["a", String(repeating: "~", count: 128), String(repeating: "x", count: 129), "two words", "!#$%&'*+-.^_`|"]
            for id in offered {
                let documented = regex.firstMatch(in: id, range: NSRange(id.startIndex..., in: id)) != nil
                let answer = try await api.send("GET", "/healthz", headers: ["X-Request-Id": id])
                #expect((answer.headers["x-request-id"] == id) == documented, "\(id)")
            }
        }
    }

    /// Every GET route of the router, its parameters filled with the caller's own ids.
    private static func getPaths(of api: APIHarness, token: String) async throws -> [String] {
        func firstId(_ path: String) async throws -> String {
            let items = try #require(try await api.get(path, token: token).json["items"] as? [[String: Any]], "\(path)")
            let id = try #require(items.first?["id"], "\(path)")
            return "\(id)"
        }
        let invoice = try await firstId("/api/invoices")
        let subscriptions = try #require(try await api.get("/api/subscriptions", token: token).json["items"] as? [[String: Any]])
        let withSim = try #require(subscriptions.first { $0["sim"] != nil } ?? subscriptions.first)
        let subscription = "\(withSim["id"] ?? "")"
        let order = try await firstId("/api/orders")
        let ticket = try await firstId("/api/tickets")
        return buildRouter(api.dependencies).routes.filter { $0.method == .get }.map { route in
            let path = route.path.description
            let id =
                if path.hasPrefix("/api/invoices") {
                    invoice
                } else if path.hasPrefix("/api/orders") {
                    order
                } else if path.hasPrefix("/api/tickets") {
                    ticket
                } else {
                    subscription
                }
            return path.replacingOccurrences(of: "{id}", with: id).replacingOccurrences(of: "{category}", with: "sim")
        }
    }
}
