import Domain
import Foundation
import PortalUpstream

extension SalesforceConnection {
    /// A built query, or the refusal of one that could not be built (a configured field name that is not
    /// a SOQL identifier).
    func statement(_ query: SOQLQuery?) throws(UpstreamError) -> SOQLQuery {
        guard let query else { throw .rejected(system: system, detail: "a configured field name is not a SOQL identifier") }
        return query
    }
}
