import APITestSupport
import Foundation
import PortalAPI
import PortalCache
import PortalSupport
import TestSupport
import Testing

@testable import PortalApplication

@Suite("OpenAPI document")
struct OpenAPIDocumentTests {
    private static let methods: Set<String> = ["get", "put", "post", "delete", "options", "head", "patch", "trace"]

    @Test func everyRouteTheRouterRegistersIsDocumentedAndViceVersa() async throws {
        try await RouteHarness.withRouter { api in
            let registered = Set(buildRouter(api.dependencies).routes.map { "\($0.method.rawValue) \($0.path.description)" })
            let document = try #require(try JSONSerialization.jsonObject(with: OpenAPIDocument.data) as? [String: Any])
            let paths = try #require(document["paths"] as? [String: [String: Any]])
            let documented = Set(
                paths.flatMap { path, item in
                    item.keys.filter(Self.methods.contains).map { "\($0.uppercased()) \(path)" }
                }
            )
            #expect(registered.subtracting(documented).sorted() == [], "routes missing from the document")
            #expect(documented.subtracting(registered).sorted() == [], "documented routes the router lacks")
            #expect(registered.count > 10)
        }
    }

    @Test func theDocumentIsServedAsOpenAPI31() async throws {
        try await RouteHarness.withRouter { api in
            let answer = try await api.get("/openapi.json")
            #expect(answer.status == 200)
            #expect(answer.headers["content-type"]?.hasPrefix("application/json") == true)
            #expect(answer.body == OpenAPIDocument.data)
            let document = try #require(try JSONSerialization.jsonObject(with: answer.body) as? [String: Any])
            #expect((document["openapi"] as? String)?.hasPrefix("3.1") == true)
        }
    }
}
