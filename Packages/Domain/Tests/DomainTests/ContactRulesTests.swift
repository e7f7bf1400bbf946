import Domain
import Testing

@Suite("Contact details rules")
struct ContactRulesTests {
    @Test(arguments: ["taro@example.jp", " hanako.yamada+portal@mail.example.co.jp ", "a@b.io"])
    func emailsThatAreEmailsAreKeptTrimmed(_ text: String) {
        #expect(ContactRules.email(text) == text.trimmingCharacters(in: .whitespaces))
    }

    @Test(arguments: [
        "taro", "taro@", "@example.jp", "taro@example", "taro@@example.jp", "ta ro@example.jp", "taro@exa_mple.jp", ".taro@example.jp",
        "taro@example.j", "taro@-example.jp",
    ])
    func emailsThatAreNotAreRefused(_ text: String) {
        #expect(ContactRules.email(text) == nil)
    }

    @Test func phoneNumbersNeedTenToFifteenDigits() {
        #expect(ContactRules.phone("090-1234-5678") == "090-1234-5678")
        #expect(ContactRules.phone("+81 (90) 1234 5678") == "+81 (90) 1234 5678")
        #expect(ContactRules.phone("123-456") == nil)
        #expect(ContactRules.phone("090-1234-5678 ext 2") == nil)
        #expect(ContactRules.phone("0901234567890123") == nil)
        #expect(ContactRules.phone("+81+90 1234 5678") == nil)
    }

    @Test func countriesAreAssignedISOCodesInEitherCase() {
        #expect(ContactRules.country("jp") == "JP")
        #expect(ContactRules.country("AQ") == "AQ")
        #expect(ContactRules.country("XX") == nil)
        #expect(ContactRules.country("UK") == nil)
        #expect(ContactRules.country("JPN") == nil)
    }

    @Test func japanesePostcodesAreThreeDigitsAHyphenAndFour() {
        #expect(ContactRules.postcode("150-0002", country: "JP") == "150-0002")
        #expect(ContactRules.postcode("1500002", country: "JP") == nil)
        #expect(ContactRules.postcode("150-000２", country: "JP") == nil)
        #expect(ContactRules.postcode("150-00021", country: "JP") == nil)
        #expect(ContactRules.postcode("sw1a 1aa", country: "GB") == "SW1A 1AA")
        #expect(ContactRules.postcode("1", country: "GB") == nil)
    }

    @Test func addressLinesAreBoundedAndFreeOfControls() {
        #expect(ContactRules.line(" 渋谷2-21-1 ") == "渋谷2-21-1")
        #expect(ContactRules.line("") == nil)
        #expect(ContactRules.line(String(repeating: "あ", count: 101)) == nil)
        #expect(ContactRules.line("a\u{7}b") == nil)
    }

    @Test func detailsShowAChangeIgnoringEmailCaseAndPhoneFormatting() {
        let details = ContactDetails(email: "Taro@Example.jp", phone: "+81.9012345678", address: nil)
        #expect(details.shows(ContactChange(email: "taro@example.jp", phone: "+81 90-1234-5678", address: nil)))
        #expect(!details.shows(ContactChange(email: "jiro@example.jp", phone: nil, address: nil)))
        let address = Address(postcode: "150-0002", prefecture: "東京都", city: "渋谷区", line1: "1", line2: nil, country: "JP")
        #expect(!details.shows(ContactChange(email: nil, phone: nil, address: address)))
        #expect(ContactChange(email: nil, phone: "0312345678", address: nil).applied(to: details).phone == "0312345678")
    }

    @Test func salesforceAccountFieldsFollowTheMappingAndJoinTheStreet() {
        let names = SalesforceFieldNames(accountEmail: "Email__c", accountStreet: "Street__c")
        let address = Address(postcode: "150-0002", prefecture: "東京都", city: "渋谷区", line1: "渋谷2-21-1", line2: "ビル 3F", country: "JP")
        let fields = names.accountFields(for: ContactChange(email: "a@b.jp", phone: nil, address: address))
        #expect(fields.first { $0.field == "Email__c" }?.value == "a@b.jp")
        #expect(fields.first { $0.field == "Street__c" }?.value == "渋谷2-21-1\nビル 3F")
        #expect(fields.first { $0.field == "BillingCountryCode" }?.value == "JP")
        #expect(!fields.contains { $0.field == "Phone" })
    }
}
