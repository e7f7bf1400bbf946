import Foundation

extension String {
    /// The text without surrounding white space. Provider text is nearly always already trimmed, so that case
    /// costs a look at two characters instead of Foundation's character-set walk.
    var trimmed: String {
        guard let first = first, let last = last, first.isWhitespace || last.isWhitespace else { return self }
        return trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
