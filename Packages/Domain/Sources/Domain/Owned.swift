/// A mapped value with the id of the customer record that owns it, so the BFF can check that the caller
/// owns what it asked for without reading the raw payload itself.
public struct Owned<Value: Sendable>: Sendable {
    public let ownerId: Int
    public let value: Value

    public init(ownerId: Int, value: Value) {
        self.ownerId = ownerId
        self.value = value
    }
}

extension Owned: Equatable where Value: Equatable {}
