import Foundation
import PortalSandbox
import PortalUpstream

/// A sandbox already running in another process (`portal-bff sandbox --port PORT`), found through its
/// `GET /_control/endpoints`: its simulators' addresses and the dev-only connected app to sign in with. Its
/// state outlives the BFF, and several BFF instances can share it.
public struct RemoteSandbox: Sendable {
    public let baseURLs: Sandbox.BaseURLs
    public let connectedAppPrivateKeyPEM: String

    /// Why the sandbox at a URL could not be used.
    public struct Unreachable: Error, CustomStringConvertible {
        public let description: String
    }

    private struct Answer: Decodable {
        struct ConnectedApp: Decodable {
            let privateKeyPEM: String
        }

        let whmcs: [String: URL]
        let salesforce: URL
        let freebit: URL
        let pubsub: String
        let salesforceConnectedApp: ConnectedApp
    }

    /// Reads the endpoints of the sandbox at `url`, retrying for up to `patience` while it starts.
    public static func discover(
        at url: URL,
        patience: Duration = .seconds(10),
        transport: any HTTPTransport = URLSessionTransport()
    ) async throws(Unreachable) -> RemoteSandbox {
        let endpoints = url.appendingPathComponent("_control/endpoints")
        let deadline = ContinuousClock.now + patience
        var lastProblem = "no answer"
        repeat {
            do {
                let response = try await transport.send(UpstreamRequest(method: "GET", url: endpoints, timeout: .seconds(2)))
                guard response.status == 200 else { throw Unreachable(description: "\(endpoints) answered \(response.status)") }
                return try sandbox(from: JSONDecoder().decode(Answer.self, from: response.body), at: endpoints)
            } catch let error as Unreachable {
                throw error
            } catch let error as DecodingError {
                throw Unreachable(description: "\(endpoints) is not a portal-bff sandbox: \(error)")
            } catch {
                lastProblem = "\(error)"
            }
            try? await Task.sleep(for: .milliseconds(200))
        } while ContinuousClock.now < deadline
        throw Unreachable(description: "no sandbox answers at \(endpoints): \(lastProblem)")
    }

    private static func sandbox(from answer: Answer, at endpoints: URL) throws(Unreachable) -> RemoteSandbox {
        let parts = answer.pubsub.split(separator: ":")
        guard let last = parts.last, let port = Int(last), parts.count >= 2 else {
            throw Unreachable(description: "\(endpoints) names no Pub/Sub host:port (\(answer.pubsub))")
        }
        let host = parts.dropLast().joined(separator: ":")
        let urls = Sandbox.BaseURLs(
            whmcs: answer.whmcs,
            salesforce: answer.salesforce,
            freebit: answer.freebit,
            pubSub: PubSubEndpoint(host: host, port: port)
        )
        return RemoteSandbox(baseURLs: urls, connectedAppPrivateKeyPEM: answer.salesforceConnectedApp.privateKeyPEM)
    }
}
