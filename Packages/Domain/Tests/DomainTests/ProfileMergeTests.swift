import Domain
import Testing

@Suite("Profile merge")
struct ProfileMergeTests {
    let account = SalesforceAccount(
        id: SalesforceId("0015g00000XyZ12")!,
        name: "山田 太郎",
        email: "crm@example.jp",
        phone: "03-0000-0000",
        address: Address(postcode: "100-0001", prefecture: "東京都", city: "千代田区", line1: "1-1", line2: nil, country: "JP")
    )
    let client = WhmcsClient(
        clientId: 42,
        name: "Taro Yamada",
        companyName: "Yamada Shoten",
        email: "billing@example.jp",
        phone: nil,
        address: Address(postcode: "163-8001", prefecture: "東京都", city: "新宿区", line1: "西新宿2-8-1", line2: nil, country: "JP"),
        currency: .jpy
    )

    @Test func salesforceNamesTheCustomerAndWhmcsHoldsTheContact() throws {
        let profile = try CustomerProfile.merged(customerId: "user-1", account: account, client: client)
        #expect(profile.name == "山田 太郎")
        #expect(profile.email == "billing@example.jp")
        #expect(profile.address == client.address)
        #expect(profile.companyName == "Yamada Shoten")
        #expect(profile.salesforceAccountId == account.id)
        #expect(profile.whmcsClientId == 42)
    }

    @Test func eitherSideFillsWhatTheOtherLacks() throws {
        let profile = try CustomerProfile.merged(customerId: "user-1", account: account, client: client)
        #expect(profile.phone == "03-0000-0000")
    }

    @Test func aProfileCanComeFromOneSideAlone() throws {
        let fromSalesforce = try CustomerProfile.merged(customerId: "user-1", account: account, client: nil)
        #expect(fromSalesforce.email == "crm@example.jp")
        #expect(fromSalesforce.whmcsClientId == nil)
        let fromWhmcs = try CustomerProfile.merged(customerId: "user-1", account: nil, client: client)
        #expect(fromWhmcs.name == "Taro Yamada")
    }

    @Test func neitherSideIsAnError() {
        #expect(throws: MappingError.self) { try CustomerProfile.merged(customerId: "user-1", account: nil, client: nil) }
    }

    @Test func noEmailAnywhereIsAnError() {
        var withoutEmail = account
        withoutEmail.email = nil
        #expect(throws: MappingError(path: "profile.email", reason: .missing, detail: "neither source has an email address")) {
            try CustomerProfile.merged(customerId: "user-1", account: withoutEmail, client: nil)
        }
    }
}
