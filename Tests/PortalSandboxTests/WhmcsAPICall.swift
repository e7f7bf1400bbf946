import Foundation
import PortalSandbox
import PortalUpstream

/// One call of a running sandbox's WHMCS API with the instance's credentials: the answer's JSON object.
func whmcsAPICall(_ running: RunningSandbox, instance: String, _ form: String) async throws -> [String: Any] {
    guard let base = running.baseURLs.whmcs[instance] else { throw WhmcsAPICallError.noSuchInstance(instance) }
    let credentials = "&responsetype=json&identifier=sandbox-\(instance)-identifier&secret=sandbox-\(instance)-secret"
    let answer = try await URLSessionTransport().send(
        UpstreamRequest(
            method: "POST",
            url: base.appendingPathComponent("includes/api.php"),
            headers: ["Content-Type": "application/x-www-form-urlencoded"],
            body: Data((form + credentials).utf8)
        )
    )
    guard let fields = try JSONSerialization.jsonObject(with: answer.body) as? [String: Any] else { throw WhmcsAPICallError.notAnObject }
    return fields
}

enum WhmcsAPICallError: Error {
    case noSuchInstance(String)
    case notAnObject
}
