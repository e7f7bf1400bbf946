import Domain
import Foundation
import PortalUpstream

extension SalesforceConnection {
    /// A built query, or the refusal of one that could not be built (a configured field name that is not
    /// a SOQL identifier).
    func statement(_ query: SOQLQuery?) throws(UpstreamError) -> SOQLQuery {
        guard let query else { throw .rejected(system: system, cause: .invalidRequest, detail: "a configured field name is not a SOQL identifier") }
        return query
    }

    /// The one record `query` finds, mapped by `map`; not found (`missing` says what) when it finds none.
    func record<Record>(
        _ query: SOQLQuery?,
        action: String,
        missing: String,
        _ map: (RawJSON) throws(MappingError) -> Record?
    ) async throws(UpstreamError) -> Record {
        let pages = try await self.query(try statement(query), action: action)
        guard let record = try self.map(pages[0], action: action, map) else {
            throw .notFound(system: system, cause: .noSuchRecord, detail: "\(action): \(missing)")
        }
        return record
    }
}
