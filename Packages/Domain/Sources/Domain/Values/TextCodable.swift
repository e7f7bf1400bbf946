/// A validated value that is encoded as its text (`description`) and decoded by validating text again.
protocol TextCodable: Codable, CustomStringConvertible {
    /// The value the encoded text stands for, or nil when it is not valid.
    init?(encodedText: String)
    /// What the text should have been, for the decoding error: "a Salesforce id".
    static var expectedText: String { get }
}

extension TextCodable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let value = Self(encodedText: text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not \(Self.expectedText): \(text)")
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
