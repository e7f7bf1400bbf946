/// An error Salesforce answered with. `message` is Salesforce's own text: for logs, never for customers.
public struct SalesforceAPIError: Error, Sendable, Hashable, Codable {
    public enum Code: ProviderEnum {
        /// The access token expired or was revoked: get a new one and retry once.
        case invalidSession
        /// The org's API request limit is spent. Salesforce says so with HTTP 403, not 429.
        case requestLimitExceeded
        case malformedQuery
        case invalidField
        case invalidType
        case notFound
        case entityIsDeleted
        case invalidIdField
        case insufficientAccess
        case validationFailed
        case authenticationFailed
        case unknown(String)

        public static let knownCases: [Code] = [
            .invalidSession, .requestLimitExceeded, .malformedQuery, .invalidField, .invalidType, .notFound, .entityIsDeleted,
            .invalidIdField, .insufficientAccess, .validationFailed, .authenticationFailed,
        ]

        static let errorCodes: [String: Code] = [
            "INVALID_SESSION_ID": .invalidSession, "REQUEST_LIMIT_EXCEEDED": .requestLimitExceeded,
            "MALFORMED_QUERY": .malformedQuery, "INVALID_FIELD": .invalidField, "INVALID_TYPE": .invalidType,
            "NOT_FOUND": .notFound, "ENTITY_IS_DELETED": .entityIsDeleted, "INVALID_ID_FIELD": .invalidIdField,
            "MALFORMED_ID": .invalidIdField, "INSUFFICIENT_ACCESS": .insufficientAccess,
            "INSUFFICIENT_ACCESS_OR_READONLY": .insufficientAccess, "FIELD_CUSTOM_VALIDATION_EXCEPTION": .validationFailed,
            "REQUIRED_FIELD_MISSING": .validationFailed, "FIELD_INTEGRITY_EXCEPTION": .validationFailed,
            "STRING_TOO_LONG": .validationFailed, "INVALID_EMAIL_ADDRESS": .validationFailed,
            "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST": .validationFailed,
            "invalid_grant": .authenticationFailed, "invalid_client": .authenticationFailed,
            "invalid_client_id": .authenticationFailed, "unsupported_grant_type": .authenticationFailed,
        ]

        /// The code for Salesforce's `errorCode` (or OAuth `error`) text.
        public init(errorCode: String) {
            self = Self.errorCodes[errorCode] ?? .unknown(errorCode)
        }

        public var name: String {
            switch self {
            case .invalidSession: "invalidSession"
            case .requestLimitExceeded: "requestLimitExceeded"
            case .malformedQuery: "malformedQuery"
            case .invalidField: "invalidField"
            case .invalidType: "invalidType"
            case .notFound: "notFound"
            case .entityIsDeleted: "entityIsDeleted"
            case .invalidIdField: "invalidIdField"
            case .insufficientAccess: "insufficientAccess"
            case .validationFailed: "validationFailed"
            case .authenticationFailed: "authenticationFailed"
            case .unknown: "unknown"
            }
        }
    }

    public var code: Code
    /// Salesforce's `errorCode` text as sent, e.g. `INVALID_SESSION_ID`.
    public var errorCode: String
    public var message: String
    public var fields: [String]

    public init(errorCode: String, message: String, fields: [String]) {
        self.code = Code(errorCode: errorCode)
        self.errorCode = errorCode
        self.message = message
        self.fields = fields
    }
}
