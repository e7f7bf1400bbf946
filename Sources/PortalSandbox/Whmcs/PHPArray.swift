/// A PHP array as `$_POST` holds one: ordered entries under integer or string keys, where setting an
/// existing key keeps its place and appending takes the next integer key.
struct PHPArray: Sendable, Equatable {
    enum Key: Hashable, Sendable {
        case int(Int)
        case string(String)

        /// PHP's key for `text`: a canonical decimal integer (`"7"`, `"-3"`, not `"07"` or `"-0"`) becomes an
        /// integer key, anything else stays a string.
        init(_ text: String) {
            let digits = text.hasPrefix("-") ? text.dropFirst() : Substring(text)
            let canonical =
                !digits.isEmpty && digits.allSatisfy { $0.isASCII && $0.isNumber }
                && (digits == "0" ? !text.hasPrefix("-") : !digits.hasPrefix("0"))
            if canonical, let number = Int(text) { self = .int(number) } else { self = .string(text) }
        }
    }

    indirect enum Value: Sendable, Equatable {
        case string(String)
        case array(PHPArray)
    }

    private(set) var keys: [Key] = []
    private var values: [Key: Value] = [:]
    private var nextIndex = 0

    subscript(key: Key) -> Value? { values[key] }

    /// The entries' values in order.
    var orderedValues: [Value] { keys.compactMap { values[$0] } }

    mutating func set(_ value: Value, for key: Key) {
        if values.updateValue(value, forKey: key) == nil { keys.append(key) }
        if case .int(let index) = key, index >= nextIndex { nextIndex = index + 1 }
    }

    /// Sets `value` at the end of `path`, creating the arrays on the way (a nil key appends, like `a[]`) and
    /// replacing a plain value that stands where an array has to go.
    mutating func assign(_ value: Value, at path: some Collection<Key?>) {
        guard let first = path.first else { return }
        let key = first ?? .int(nextIndex)
        let rest = path.dropFirst()
        guard !rest.isEmpty else { return set(value, for: key) }
        var child: PHPArray
        if case .array(let existing) = values[key] { child = existing } else { child = PHPArray() }
        child.assign(value, at: rest)
        set(.array(child), for: key)
    }

    /// Equal when the same entries stand in the same order (the next append index is not compared).
    static func == (lhs: PHPArray, rhs: PHPArray) -> Bool {
        lhs.keys == rhs.keys && lhs.values == rhs.values
    }

    mutating func remove(_ key: Key) {
        guard values.removeValue(forKey: key) != nil else { return }
        keys.removeAll { $0 == key }
    }
}
