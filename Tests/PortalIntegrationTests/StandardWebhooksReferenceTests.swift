import APITestSupport
import Foundation
import PortalAPI
import PortalCache
import PortalServe
import PortalSupport
import TestSupport
import Testing

@testable import PortalApplication

/// The webhook endpoints against the Standard Webhooks reference library itself (PyPI `standardwebhooks`).
@Suite(
    "Standard Webhooks reference library",
    .enabled(if: TestRedis.isAvailable),
    .enabled(if: StandardWebhooksReference.shouldRun, "python3 with standardwebhooks is not installed (scripts/test.sh installs it)")
)
struct StandardWebhooksReferenceTests {
    @Test func theReferenceLibrarySigningTheSpecsTestVectorGivesThePublishedSignature() throws {
        let payload = Data(#"{"test": 2432232314}"#.utf8)
        let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
        let published = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
        let reference = try StandardWebhooksReference.sign(
            secret: secret,
            id: "msg_p5jXN8AQM9LWM0D4loKWxJek",
            timestamp: 1_614_265_330,
            payload: payload
        )
        #expect(reference == published)
        #expect(
            WebhookSignature.sign(id: "msg_p5jXN8AQM9LWM0D4loKWxJek", timestamp: 1_614_265_330, body: payload, secret: try WebhookSecret(secret))
                == reference
        )
    }

    @Test func anEventTheReferenceLibrarySignedWithAWhsecSecretIsProcessed() async throws {
        try await APIHarness.withRunning { api in
            let secret = try #require(APIHarness.webhookSecrets["brand-b"])
            #expect(secret.hasPrefix("whsec_"))
            let id = "msg_\(UUID().uuidString)"
            let body = Data(#"{"id":"\#(id)","event":"ClientEdit","occurredAt":"2026-11-23T10:00:00Z","data":{"userid":987654}}"#.utf8)
            let timestamp = Int64(Date().timeIntervalSince1970)
            let signature = try StandardWebhooksReference.sign(secret: secret, id: id, timestamp: timestamp, payload: body)
            let answer = try await api.send(
                "POST",
                "/webhooks/whmcs/brand-b",
                headers: [
                    "webhook-id": id, "webhook-timestamp": String(timestamp), "webhook-signature": signature, "Content-Type": "application/json",
                ],
                body: body
            )
            #expect(answer.status == 200)
            #expect(answer.json["status"] as? String == "processed")
            let tampered = try await api.send(
                "POST",
                "/webhooks/whmcs/brand-b",
                headers: [
                    "webhook-id": id + "x", "webhook-timestamp": String(timestamp), "webhook-signature": signature,
                    "Content-Type": "application/json",
                ],
                body: body
            )
            #expect(tampered.status == 401)
        }
    }
}
