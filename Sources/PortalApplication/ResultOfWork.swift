extension Result where Failure: Error {
    /// The outcome of `work`, as a value.
    init(_ work: () async throws(Failure) -> Success) async {
        do {
            self = .success(try await work())
        } catch {
            self = .failure(error)
        }
    }

    var succeeded: Bool {
        if case .success = self { true } else { false }
    }
}
