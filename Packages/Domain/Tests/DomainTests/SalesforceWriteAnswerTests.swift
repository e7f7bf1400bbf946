import Domain
import Foundation
import Testing

@Suite("Salesforce write answers")
struct SalesforceWriteAnswerTests {
    private func raw(_ text: String) throws -> RawJSON { try RawJSON.parse(Data(text.utf8)) }

    @Test func aCreatedRecordsIdIsRead() throws {
        let id = try Providers.Salesforce.createdId(from: raw(#"{"id":"8015g00000AbCdEAAV","success":true,"errors":[]}"#))
        #expect(id.value == "8015g00000AbCdEAAV")
    }

    @Test func aCreateAnswerWithAMalformedIdNamesTheField() throws {
        let error = try #require(throws: MappingError.self) { try Providers.Salesforce.createdId(from: raw(#"{"id":"not-an-id!"}"#)) }
        #expect(error.path == "id")
    }

    @Test func aTreeAnswerGivesEachReferencesId() throws {
        let ids = try Providers.Salesforce.treeIds(
            from: raw(
                #"""
                {"hasErrors":false,"results":[{"referenceId":"order","id":"8015g00000AbCdEAAV"},{"referenceId":"item1","id":"8025g00000AbCdE"}]}
                """#
            )
        )
        #expect(ids["order"]?.value == "8015g00000AbCdEAAV")
        #expect(ids["item1"] == SalesforceId("8025g00000AbCdE"))
    }

    @Test func aTreeAnswerWithErrorsIsNotASuccess() throws {
        let error = try #require(throws: MappingError.self) {
            try Providers.Salesforce.treeIds(from: raw(#"{"hasErrors":true,"results":[{"referenceId":"order","errors":[]}]}"#))
        }
        #expect(error.path == "hasErrors")
    }

    @Test func aTreeResultWithoutAnIdNamesItsPath() throws {
        let error = try #require(throws: MappingError.self) {
            try Providers.Salesforce.treeIds(from: raw(#"{"hasErrors":false,"results":[{"referenceId":"order"}]}"#))
        }
        #expect(error.path == "results[0].id")
    }
}
