import Foundation
import PortalAPI
import PortalCache
import PortalServe
import PortalSupport
import TestSupport
import Testing

@testable import PortalApplication
@testable import PortalServe

@Suite("portal-bff webhook sign")
struct WebhookCommandTests {
    private let config =
        #"{"whmcs":{"instances":["default","brand-b"]},"webhooks":{"whmcs":{"default":{"secrets":["a-default-secret-of-24-chars+","an-older-secret-still-accepted"]},"brand-b":{"secrets":["the-brand-b-secret-is-24-chars"]}}}}"#

    private func headers(_ arguments: [String], body: String) async throws -> [String: String] {
        let command = try WebhookCommand.Sign.parse(arguments)
        let text = try await command.headers(for: Data(body.utf8), now: Date(timeIntervalSince1970: 1_800_000_000))
        var headers: [String: String] = [:]
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            headers[parts[0]] = parts[1]
        }
        return headers
    }

    @Test func itPrintsHeadersTheEndpointAccepts() async throws {
        let file = try temporaryConfigFile(config)
        let body = #"{"id":"evt-1","event":"ClientEdit","occurredAt":"2026-11-23T10:00:00Z","data":{"userid":1001}}"#
        let headers = try await headers(["--instance", "brand-b", "--config", file], body: body)
        #expect(headers.keys.sorted() == ["webhook-id", "webhook-signature", "webhook-timestamp"])
        #expect(headers["webhook-id"] == "evt-1")
        #expect(headers["webhook-timestamp"] == "1800000000")
        let verifier = WebhookSignature(
            secrets: [try WebhookSecret("the-brand-b-secret-is-24-chars")],
            now: { Date(timeIntervalSince1970: 1_800_000_030) }
        )
        try verifier.verify(
            id: headers["webhook-id"],
            timestamp: headers["webhook-timestamp"],
            signatures: headers["webhook-signature"],
            body: Data(body.utf8)
        )
        let other = WebhookSignature(
            secrets: [try WebhookSecret("a-default-secret-of-24-chars+")],
            now: { Date(timeIntervalSince1970: 1_800_000_030) }
        )
        #expect(throws: WebhookSignature.Rejection.noValidSignature) {
            try other.verify(
                id: headers["webhook-id"],
                timestamp: headers["webhook-timestamp"],
                signatures: headers["webhook-signature"],
                body: Data(body.utf8)
            )
        }
    }

    @Test func theFirstConfiguredSecretSignsUnlessAnEnvironmentVariableIsNamed() async throws {
        let file = try temporaryConfigFile(config)
        let body = "{}"
        let configured = try await headers(["--instance", "default", "--config", file], body: body)
        let id = try #require(configured["webhook-id"])
        #expect(id.hasPrefix("msg_"))
        #expect(
            configured["webhook-signature"]
                == WebhookSignature.sign(
                    id: id,
                    timestamp: 1_800_000_000,
                    body: Data(body.utf8),
                    secret: try WebhookSecret("a-default-secret-of-24-chars+")
                )
        )
        setenv("PORTAL_TEST_WEBHOOK_SECRET", "a-secret-from-the-environment", 1)
        let fromEnvironment = try await headers(
            ["--instance", "default", "--config", file, "--secret-env", "PORTAL_TEST_WEBHOOK_SECRET"],
            body: body
        )
        let otherId = try #require(fromEnvironment["webhook-id"])
        #expect(
            fromEnvironment["webhook-signature"]
                == WebhookSignature.sign(
                    id: otherId,
                    timestamp: 1_800_000_000,
                    body: Data(body.utf8),
                    secret: try WebhookSecret("a-secret-from-the-environment")
                )
        )
    }

    @Test(.enabled(if: StandardWebhooksReference.shouldRun, "python3 with standardwebhooks is not installed (scripts/test.sh installs it)"))
    func theReferenceLibraryAcceptsWhatItSignsWithAWhsecSecret() async throws {
        let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
        let file = try temporaryConfigFile(#"{"webhooks":{"salesforce":{"secrets":["\#(secret)"]}}}"#)
        let body = #"{"id":"evt-7","event":"OrderStatusChanged","occurredAt":"2026-11-23T10:00:00Z","data":{}}"#
        let command = try WebhookCommand.Sign.parse(["--salesforce", "--config", file])
        var headers: [String: String] = [:]
        for line in try await command.headers(for: Data(body.utf8), now: Date()).split(separator: "\n") {
            let parts = line.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            headers[parts[0]] = parts[1]
        }
        let refusal = try StandardWebhooksReference.refusal(
            secret: secret,
            id: try #require(headers["webhook-id"]),
            timestamp: try #require(headers["webhook-timestamp"]),
            signature: try #require(headers["webhook-signature"]),
            payload: Data(body.utf8)
        )
        #expect(refusal == nil)
        let forAnotherId = try StandardWebhooksReference.refusal(
            secret: secret,
            id: "evt-8",
            timestamp: try #require(headers["webhook-timestamp"]),
            signature: try #require(headers["webhook-signature"]),
            payload: Data(body.utf8)
        )
        #expect(forAnotherId != nil)
    }

    @Test func anUnknownInstanceOrAMissingChoiceIsRefused() async throws {
        let file = try temporaryConfigFile(config)
        await #expect(throws: (any Error).self) { try await headers(["--instance", "brand-z", "--config", file], body: "{}") }
        #expect(throws: (any Error).self) { try WebhookCommand.Sign.parse(["--config", file]) }
        #expect(throws: (any Error).self) { try WebhookCommand.Sign.parse(["--instance", "default", "--salesforce"]) }
    }
}
