import ArgumentParser
import Foundation
import PortalAPI

/// `portal-bff webhook sign`: the Standard Webhooks headers for a body read from standard input, so an
/// operator can send a signed test event with curl.
public struct WebhookCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "webhook",
        abstract: "Webhook tools.",
        subcommands: [Sign.self]
    )

    public init() {}

    public struct Sign: AsyncParsableCommand {
        public static let configuration = CommandConfiguration(
            abstract: "Print the webhook-id, webhook-timestamp and webhook-signature headers for the body on standard input."
        )

        @Option(help: "The WHMCS instance whose secret signs (as in whmcs.instances).")
        public var instance: String?

        @Flag(help: "Sign with the Salesforce webhook secret instead.")
        public var salesforce = false

        @Option(help: "A configuration file (default \(ConfigSources.defaultFile)).")
        public var config: String?

        @Option(help: "An environment variable holding the secret, instead of the configured one.")
        public var secretEnv: String?

        public init() {}

        public func validate() throws {
            guard (instance != nil) != salesforce else { throw ValidationError("give either --instance NAME or --salesforce") }
        }

        public func run() async throws {
            let body = FileHandle.standardInput.readDataToEndOfFile()
            FileHandle.standardOutput.write(Data(try await headers(for: body, now: Date()).utf8))
        }

        /// The three header lines, `name: value` each. The id is the body's event `id` when it has one.
        func headers(for body: Data, now: Date) async throws -> String {
            let secret = try await signingSecret()
            let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any]
            let id = (object?["id"] as? String) ?? "msg_" + UUID().uuidString.lowercased()
            let timestamp = Int64(now.timeIntervalSince1970)
            let signature = WebhookSignature.sign(id: id, timestamp: timestamp, body: body, secret: secret)
            return "webhook-id: \(id)\nwebhook-timestamp: \(timestamp)\nwebhook-signature: \(signature)\n"
        }

        private func signingSecret() async throws -> WebhookSecret {
            if let secretEnv {
                guard let text = ProcessInfo.processInfo.environment[secretEnv], !text.isEmpty else {
                    throw ValidationError("the environment variable \(secretEnv) is not set")
                }
                do throws(WebhookSecret.Invalid) {
                    return try WebhookSecret(text)
                } catch {
                    switch error {
                    case .notBase64: throw ValidationError("the secret in \(secretEnv) starts with whsec_ but does not continue in base64")
                    case .tooShort: throw ValidationError("the secret in \(secretEnv) is shorter than 24 characters (whsec_: 24 bytes decoded)")
                    }
                }
            }
            let settings = try WebhookSettings(config: try await ConfigSources.reader(file: config))
            if salesforce {
                guard let secret = settings.salesforceSecrets.first else {
                    throw ValidationError("no webhooks.salesforce.secrets configured")
                }
                return secret
            }
            guard let instance, let secret = settings.whmcsSecrets[instance]?.first else {
                let known = settings.whmcsSecrets.keys.sorted().joined(separator: ", ")
                throw ValidationError("no WHMCS instance \(instance ?? "") in whmcs.instances (configured: \(known.isEmpty ? "none" : known))")
            }
            return secret
        }
    }
}
