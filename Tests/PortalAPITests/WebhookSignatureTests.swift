import Crypto
import Foundation
import PortalAPI
import Testing

@Suite("Webhook signatures")
struct WebhookSignatureTests {
    private let body = Data(#"{"id":"evt-1"}"#.utf8)
    private let now = Date(timeIntervalSince1970: 1_800_000_000)

    private func verifier(_ secrets: [String]) -> WebhookSignature {
        let now = now
        return WebhookSignature(secrets: secrets, now: { now })
    }

    @Test func anySecretOfARotationVerifies() throws {
        let old = WebhookSignature.sign(id: "evt-1", timestamp: 1_800_000_000, body: body, secret: "old-secret-still-accepted")
        try verifier(["new-secret-now-signing-all", "old-secret-still-accepted"]).verify(id: "evt-1", timestamp: "1800000000", signatures: old, body: body)
        #expect(throws: WebhookSignature.Rejection.noValidSignature) {
            try verifier(["new-secret-now-signing-all"]).verify(id: "evt-1", timestamp: "1800000000", signatures: old, body: body)
        }
    }

    @Test func aHexSignatureIsAcceptedToo() throws {
        let mac = HMAC<SHA256>.authenticationCode(for: Data("evt-1.1800000000.".utf8) + body, using: SymmetricKey(data: Data("a-secret".utf8)))
        let hex = mac.map { String(format: "%02x", $0) }.joined()
        try verifier(["a-secret"]).verify(id: "evt-1", timestamp: "1800000000", signatures: "v1,\(hex)", body: body)
    }

    @Test func theSignatureCoversTheIdAndTimestampAsWellAsTheBody() {
        let signature = WebhookSignature.sign(id: "evt-1", timestamp: 1_800_000_000, body: body, secret: "a-secret")
        #expect(throws: WebhookSignature.Rejection.noValidSignature) {
            try verifier(["a-secret"]).verify(id: "evt-2", timestamp: "1800000000", signatures: signature, body: body)
        }
        #expect(throws: WebhookSignature.Rejection.noValidSignature) {
            try verifier(["a-secret"]).verify(id: "evt-1", timestamp: "1800000001", signatures: signature, body: body)
        }
        #expect(throws: WebhookSignature.Rejection.noValidSignature) {
            try verifier(["a-secret"]).verify(id: "evt-1", timestamp: "1800000000", signatures: signature.replacingOccurrences(of: "v1,", with: "v2,"), body: body)
        }
    }

    @Test func timestampsFurtherThanFiveMinutesAwayAndMissingHeadersAreRefused() {
        for timestamp in ["1799999699", "1800000301"] {
            let signature = WebhookSignature.sign(id: "evt-1", timestamp: Int64(timestamp)!, body: body, secret: "a-secret")
            #expect(throws: WebhookSignature.Rejection.timestampOutsideTolerance) {
                try verifier(["a-secret"]).verify(id: "evt-1", timestamp: timestamp, signatures: signature, body: body)
            }
        }
        #expect(throws: WebhookSignature.Rejection.missingHeaders) {
            try verifier(["a-secret"]).verify(id: nil, timestamp: "1800000000", signatures: "v1,x", body: body)
        }
        #expect(throws: WebhookSignature.Rejection.missingHeaders) {
            try verifier(["a-secret"]).verify(id: "evt-1", timestamp: "soon", signatures: "v1,x", body: body)
        }
    }
}
