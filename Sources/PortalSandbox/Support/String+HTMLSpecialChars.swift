extension String {
    /// The text as WHMCS stores it: its input layer applies PHP's `htmlspecialchars` (`ENT_QUOTES`) to every
    /// request variable, so free text comes back from its API escaped.
    var htmlSpecialChars: String {
        var escaped = ""
        escaped.reserveCapacity(utf8.count)
        for character in self {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#039;"
            default: escaped.append(character)
            }
        }
        return escaped
    }
}
