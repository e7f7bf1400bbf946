/// How many events a stream asks for: `batchSize` at first, then after every response, before its events
/// are handled, as many as bring the server's pending count back to `batchSize`, so it never reaches 0
/// (the server closes a stream with nothing requested after about 60 s).
struct PubSubFlowControl: Sendable, Equatable {
    let batchSize: Int32

    init(batchSize: Int) {
        self.batchSize = Int32(clamping: batchSize)
    }

    /// The top-up after a response that left `pending` requested, or nil when none is needed.
    func topUp(pending: Int32) -> Int32? {
        let missing = batchSize - max(pending, 0)
        return missing > 0 ? missing : nil
    }
}
