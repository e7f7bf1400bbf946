/// A value put together from several sources, and whether every source answered: a partial one is
/// shown but not cached.
public struct Assembled<Value: Sendable>: Sendable {
    public let value: Value
    public let complete: Bool

    public init(_ value: Value, complete: Bool) {
        self.value = value
        self.complete = complete
    }
}
