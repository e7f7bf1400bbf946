import Hummingbird

/// An error Salesforce's REST API answers with: `[{"message", "errorCode"(, "fields")}]` and an HTTP status.
struct SalesforceFailure: Error, Sendable {
    let status: HTTPResponse.Status
    let errorCode: String
    let message: String
    /// Written only for DML errors (create and update), as Salesforce does.
    let fields: [String]?

    init(_ errorCode: String, _ message: String, fields: [String]? = nil) {
        self.init(status: .badRequest, errorCode, message, fields: fields)
    }

    init(status: HTTPResponse.Status, _ errorCode: String, _ message: String, fields: [String]? = nil) {
        self.status = status
        self.errorCode = errorCode
        self.message = message
        self.fields = fields
    }

    static let invalidSession = SalesforceFailure(status: .unauthorized, "INVALID_SESSION_ID", "Session expired or invalid")
    static let notFound = SalesforceFailure(status: .notFound, "NOT_FOUND", "The requested resource does not exist")
    static let requestLimit = SalesforceFailure(status: .forbidden, "REQUEST_LIMIT_EXCEEDED", "TotalRequests Limit exceeded.")

    /// A query error pointing at a column of the statement, in Salesforce's layout.
    static func query(_ errorCode: String, _ soql: String, column: Int, _ detail: String) -> SalesforceFailure {
        let caret = String(repeating: " ", count: max(0, column - 1)) + "^"
        return SalesforceFailure(errorCode, "\n\(soql)\n\(caret)\nERROR at Row:1:Column:\(column)\n\(detail)")
    }

    var json: JSONValue {
        var fields: [(String, JSONValue)] = [("message", .string(message)), ("errorCode", .string(errorCode))]
        if let names = self.fields { fields.append(("fields", .array(names.map(JSONValue.string)))) }
        return .array([.object(fields)])
    }

    var response: Response { .json(json, style: .utf8, status: status) }
}

extension Response {
    /// The answer a knob's fault replaces a Salesforce answer with: Salesforce reports an exhausted API
    /// allowance as HTTP 403 `REQUEST_LIMIT_EXCEEDED`, never 429.
    static func salesforceFault(_ fault: SimulatorKnobs.Fault) -> Response {
        switch fault {
        case .rateLimited: SalesforceFailure.requestLimit.response
        case .serverError, .malformedBody, .dropped: .fault(fault)
        }
    }

    /// An OAuth error of the token endpoint: `{"error", "error_description"}`, HTTP 400.
    static func oauthError(_ error: String, _ description: String) -> Response {
        .json(.object([("error", .string(error)), ("error_description", .string(description))]), style: .utf8, status: .badRequest)
    }
}
