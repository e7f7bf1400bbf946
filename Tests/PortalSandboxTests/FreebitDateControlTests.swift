import Domain
import Foundation
import PortalSandbox
import PortalUpstream
import TestSupport
import Testing

@Suite("Sandbox Freebit calendar control")
struct FreebitDateControlTests {
    @Test func theDateIsSetOverHTTPAndResetToTodayInJapan() async throws {
        let sandbox = Sandbox()
        try await withTeardown(try await sandbox.start(), stop: { await $0.stop() }) { running in
            let transport = URLSessionTransport()
            let url = running.baseURLs.freebit.deletingLastPathComponent().appendingPathComponent("_control/freebit/date")
            func put(_ body: String) async throws -> UpstreamResponse {
                try await transport.send(
                    UpstreamRequest(method: "PUT", url: url, headers: ["Content-Type": "application/json"], body: Data(body.utf8))
                )
            }
            let set = try await put(#"{"date":"2027-01-01"}"#)
            #expect(set.status == 200)
            #expect(sandbox.freebitToday == LocalDate(year: 2027, month: 1, day: 1))
            #expect(try await put(#"{"date":"2027-13-01"}"#).status == 400)
            #expect(sandbox.freebitToday == LocalDate(year: 2027, month: 1, day: 1))
            #expect(try await put(#"{"date":null}"#).status == 200)
            #expect(sandbox.freebitToday == JapanDate.today())
        }
    }
}
