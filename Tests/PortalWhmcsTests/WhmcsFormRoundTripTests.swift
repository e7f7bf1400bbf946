import Foundation
import PortalSandbox
import Testing

@testable import PortalWhmcs

/// The client's form encoder against the sandbox's own decoder (written apart from it, after the WHATWG
/// parser and PHP's `$_POST`): what a WHMCS call sends is what WHMCS reads.
@Suite("WHMCS form bodies, client to simulator")
struct WhmcsFormRoundTripTests {
    static let parameters: [(String, String)] = [
        ("ampersand", "Tom & Jerry&co"), ("equals", "a=b==c"), ("plus", "1+1 = 2 +"), ("percent", "100% %41 %zz %"),
        ("spaces", " two  spaces "), ("empty", ""), ("japanese", "山田 太郎（ヤマダ）"), ("composed", "Z\u{FC}rich"),
        ("decomposed", "Zu\u{308}rich"), ("emoji", "👍🏽🇯🇵"), ("controls", "line\r\nbreak\ttab"), ("reserved", "~!*'()/?#[]@$,;:"),
        ("bom", "\u{FEFF}after a byte order mark"), ("nul", "before\u{0}after"), ("name&with=odd+chars%", "value"),
    ]

    @Test func parametersReachWhmcsExactlyAsTheyWereGiven() async throws {
        try await WhmcsHarness.withRunning { harness in
            let clientId = String(harness.customer.whmcsClientId)
            _ = try await harness.connection().call("GetClientsDetails", [("clientid", clientId)] + Self.parameters)
            let received = try #require(harness.sandbox.whmcsReceivedCalls.last)
            #expect(received.instance == "default")
            #expect(received.fields["action"] == "GetClientsDetails")
            #expect(received.fields["clientid"] == clientId)
            for (name, value) in Self.parameters {
                #expect(received.fields[name].map { Array($0.unicodeScalars) } == Array(value.unicodeScalars), "parameter \(name)")
            }
            #expect(received.fields.count == Self.parameters.count + 3, "action, responsetype and clientid besides the parameters")
        }
    }

    @Test func theCredentialsAreNotKeptWithTheReceivedCall() async throws {
        try await WhmcsHarness.withRunning { harness in
            _ = try await harness.connection().call("GetClientsDetails", [("clientid", String(harness.customer.whmcsClientId))])
            let received = try #require(harness.sandbox.whmcsReceivedCalls.last)
            #expect(received.fields["identifier"] == nil && received.fields["secret"] == nil)
        }
    }

    @Test func listParametersArriveInOrder() async throws {
        try await WhmcsHarness.withRunning { harness in
            let cycles = ["monthly", "annually & more", "free+trial"]
            let parameters =
                [("clientid", String(harness.customer.whmcsClientId))]
                + cycles.enumerated().map { ("billingcycle[\($0.offset)]", $0.element) }
            _ = try await harness.connection().call("GetClientsDetails", parameters)
            #expect(harness.sandbox.whmcsReceivedCalls.last?.lists["billingcycle"] == cycles)
        }
    }
}
