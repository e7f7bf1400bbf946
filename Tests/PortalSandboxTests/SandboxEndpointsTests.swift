import Foundation
import PortalSandbox
import PortalUpstream
import TestSupport
import Testing

@Suite("Sandbox endpoints")
struct SandboxEndpointsTests {
    @Test func theEndpointsRouteNamesEverySimulatorAndThePubSubPort() async throws {
        let sandbox = Sandbox()
        try await withTeardown(try await sandbox.start(), stop: { await $0.stop() }) { running in
            let root = running.baseURLs.freebit.deletingLastPathComponent()
            let answer = try await URLSessionTransport().send(UpstreamRequest(method: "GET", url: root.appendingPathComponent("_control/endpoints")))
            #expect(answer.status == 200)
            let body = try answer.json
            #expect(body["salesforce"]?.text == running.baseURLs.salesforce.absoluteString)
            #expect(body["freebit"]?.text == running.baseURLs.freebit.absoluteString)
            #expect(body["whmcs"]?["brand-b"]?.text == running.baseURLs.whmcs["brand-b"]?.absoluteString)
            #expect(body["pubsub"]?.text == "127.0.0.1:\(running.baseURLs.pubSub.port)")
            #expect(body["pubsubTLS"] == .bool(false))
            #expect(running.baseURLs.pubSub.port > 0)
            #expect(running.baseURLs.pubSub.port != running.baseURLs.salesforce.port)
        }
    }

    @Test func inProcessTheEndpointsRouteNamesThePlaceholder() async throws {
        let answer = try await TestSupport.InProcessTransport(sandbox: Sandbox()).send(
            UpstreamRequest(method: "GET", url: URL(string: "http://sandbox.invalid/_control/endpoints")!)
        )
        #expect(try answer.json["pubsub"]?.text == PubSubEndpoint.inProcess.description)
        #expect(Sandbox.inProcessBaseURLs.pubSub == .inProcess)
    }

    @Test func aChosenPubSubPortIsUsed() async throws {
        let port = try await withTeardown(try await Sandbox().start(), stop: { await $0.stop() }) { $0.baseURLs.pubSub.port }
        let chosen = try await withTeardown(try await Sandbox().start(pubSubPort: port), stop: { await $0.stop() }) { $0.baseURLs.pubSub.port }
        #expect(chosen == port)
    }
}
