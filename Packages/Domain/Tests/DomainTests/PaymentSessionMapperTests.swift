import Domain
import Foundation
import Testing

@Suite("WHMCS single sign-on and contact errors")
struct PaymentSessionMapperTests {
    let issuedAt = Instant("2026-12-02T05:00:00Z")!

    @Test func aTokenAnswerBecomesALinkThatExpiresAMinuteLater() throws {
        let raw = try RawJSON.parse(
            Data(
                #"{"result":"success","access_token":"abc","redirect_url":"https:\/\/billing.example.jp\/oauth\/singlesignon.php?access_token=abc"}"#
                    .utf8
            )
        )
        let session = try Providers.Whmcs.paymentSession(from: raw, issuedAt: issuedAt)
        #expect(session.url == "https://billing.example.jp/oauth/singlesignon.php?access_token=abc")
        #expect(session.expiresAt == Instant("2026-12-02T05:01:00Z"))
        #expect(!"\(session)".contains("abc"))
    }

    @Test(arguments: [
        #"{"result":"success"}"#, #"{"result":"success","redirect_url":"singlesignon.php"}"#,
        #"{"result":"success","redirect_url":"javascript:alert(1)"}"#,
    ])
    func anAnswerWithoutAnAbsoluteLinkIsAMappingErrorAtRedirectURL(_ json: String) throws {
        let raw = try RawJSON.parse(Data(json.utf8))
        let error = #expect(throws: MappingError.self) { try Providers.Whmcs.paymentSession(from: raw, issuedAt: issuedAt) }
        #expect(error?.path == "redirect_url")
    }

    @Test func duplicateEmailIsItsOwnKindOfRefusal() {
        #expect(WhmcsAPIError(message: "Duplicate Email Address").kind == .duplicateEmail)
        #expect(WhmcsAPIError(message: "Client ID Not Found").kind == .notFound)
    }
}
