import APITestSupport
import Crypto
import Foundation
import PortalAPI
import PortalCache
import PortalServe
import PortalSupport
import Testing

@testable import PortalApplication

@Suite("Webhook signatures")
struct WebhookSignatureTests {
    private let body = Data(#"{"id":"evt-1"}"#.utf8)
    private let now = Date(timeIntervalSince1970: 1_800_000_000)
    private let aSecret = "a-secret-of-at-least-24-characters"

    private func verifier(_ secrets: [String], at date: Date? = nil) throws -> WebhookSignature {
        let now = date ?? now
        return WebhookSignature(secrets: try secrets.map(WebhookSecret.init), now: { now })
    }

    private func sign(_ id: String = "evt-1", _ timestamp: Int64 = 1_800_000_000, body: Data? = nil, secret: String) throws -> String {
        WebhookSignature.sign(id: id, timestamp: timestamp, body: body ?? self.body, secret: try WebhookSecret(secret))
    }

    @Test func anySecretOfARotationVerifies() throws {
        let old = try sign(secret: "old-secret-still-accepted")
        try verifier(["new-secret-now-signing-all", "old-secret-still-accepted"]).verify(
            id: "evt-1",
            timestamp: "1800000000",
            signatures: old,
            body: body
        )
        #expect(throws: WebhookSignature.Rejection.noValidSignature) {
            try verifier(["new-secret-now-signing-all"]).verify(id: "evt-1", timestamp: "1800000000", signatures: old, body: body)
        }
    }

    @Test func aHexSignatureIsAcceptedToo() throws {
        let mac = HMAC<SHA256>.authenticationCode(for: Data("evt-1.1800000000.".utf8) + body, using: SymmetricKey(data: Data(aSecret.utf8)))
        let hex = mac.map { String(format: "%02x", $0) }.joined()
        try verifier([aSecret]).verify(id: "evt-1", timestamp: "1800000000", signatures: "v1,\(hex)", body: body)
    }

    @Test func theSignatureCoversTheIdAndTimestampAsWellAsTheBody() throws {
        let signature = try sign(secret: aSecret)
        #expect(throws: WebhookSignature.Rejection.noValidSignature) {
            try verifier([aSecret]).verify(id: "evt-2", timestamp: "1800000000", signatures: signature, body: body)
        }
        #expect(throws: WebhookSignature.Rejection.noValidSignature) {
            try verifier([aSecret]).verify(id: "evt-1", timestamp: "1800000001", signatures: signature, body: body)
        }
        #expect(throws: WebhookSignature.Rejection.noValidSignature) {
            try verifier([aSecret]).verify(
                id: "evt-1",
                timestamp: "1800000000",
                signatures: signature.replacingOccurrences(of: "v1,", with: "v2,"),
                body: body
            )
        }
    }

    @Test func timestampsFurtherThanFiveMinutesAwayAndMissingHeadersAreRefused() throws {
        for timestamp in ["1799999699", "1800000301"] {
            let signature = try sign("evt-1", Int64(timestamp)!, secret: aSecret)
            #expect(throws: WebhookSignature.Rejection.timestampOutsideTolerance) {
                try verifier([aSecret]).verify(id: "evt-1", timestamp: timestamp, signatures: signature, body: body)
            }
        }
        #expect(throws: WebhookSignature.Rejection.missingHeaders) {
            try verifier([aSecret]).verify(id: nil, timestamp: "1800000000", signatures: "v1,x", body: body)
        }
        #expect(throws: WebhookSignature.Rejection.missingHeaders) {
            try verifier([aSecret]).verify(id: "evt-1", timestamp: "soon", signatures: "v1,x", body: body)
        }
    }

    // MARK: Candidates are capped (item 6)

    @Test func theValidSignatureAmongTheAllowedNumberOfBogusOnesVerifies() throws {
        let valid = try sign(secret: aSecret)
        let bogus = try (1..<WebhookSignature.maximumCandidates).map { try sign(secret: "bogus-secret-number-\($0)-of-many") }
        let header = (bogus + [valid]).joined(separator: " ")
        try verifier(["another-accepted-secret-123", aSecret]).verify(id: "evt-1", timestamp: "1800000000", signatures: header, body: body)
    }

    @Test func moreCandidatesThanTheCapAreRefusedEvenWhenOneOfThemIsValid() throws {
        let valid = try sign(secret: aSecret)
        let bogus = try (0..<1_500).map { try sign(secret: "bogus-secret-number-\($0)-of-many") }
        #expect(throws: WebhookSignature.Rejection.tooManySignatures) {
            try verifier([aSecret]).verify(id: "evt-1", timestamp: "1800000000", signatures: (bogus + [valid]).joined(separator: " "), body: body)
        }
        let justPastTheCap = Array(bogus.prefix(WebhookSignature.maximumCandidates)) + [valid]
        #expect(throws: WebhookSignature.Rejection.tooManySignatures) {
            try verifier([aSecret]).verify(id: "evt-1", timestamp: "1800000000", signatures: justPastTheCap.joined(separator: " "), body: body)
        }
    }

    // MARK: Standard Webhooks secrets (item 7)

    @Test func theSpecsPublishedTestVectorVerifiesAndSigns() throws {
        let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
        let payload = Data(#"{"test": 2432232314}"#.utf8)
        let expected = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
        let signed = WebhookSignature.sign(
            id: "msg_p5jXN8AQM9LWM0D4loKWxJek",
            timestamp: 1_614_265_330,
            body: payload,
            secret: try WebhookSecret(secret)
        )
        #expect(signed == expected)
        let id = try verifier([secret], at: Date(timeIntervalSince1970: 1_614_265_330))
            .verify(id: "msg_p5jXN8AQM9LWM0D4loKWxJek", timestamp: "1614265330", signatures: expected, body: payload)
        #expect(id == "msg_p5jXN8AQM9LWM0D4loKWxJek")
    }

    @Test func aWhsecSecretIsItsDecodedBytesAndAPlainOneItsCharacters() throws {
        let key = Data((0..<32).map { UInt8($0 * 7 % 256) })
        let unpadded = key.base64EncodedString().replacingOccurrences(of: "=", with: "")
        #expect(try WebhookSecret("whsec_" + key.base64EncodedString()).key == Array(key))
        #expect(try WebhookSecret("whsec_" + unpadded).key == Array(key))
        #expect(try WebhookSecret(aSecret).key == Array(aSecret.utf8))
        #expect(throws: WebhookSecret.Invalid.notBase64) { try WebhookSecret("whsec_not*base64*at*all*but*long*enough") }
        #expect(throws: WebhookSecret.Invalid.tooShort) { try WebhookSecret("whsec_" + Data(count: 16).base64EncodedString()) }
        #expect(throws: WebhookSecret.Invalid.tooShort) { try WebhookSecret("short") }
    }
}
