/// A condition a test waited for that did not come true in time.
public struct TimedOut: Error, CustomStringConvertible {
    public let description: String

    public init(description: String) {
        self.description = description
    }
}

/// Polls `condition` until it holds, failing after `timeout` (generous: a loaded 2-core CI machine running
/// every suite at once can stall a test for many seconds; a passing test never waits that long).
public func eventually(
    _ what: String,
    timeout: Duration = .seconds(30),
    _ condition: () async throws -> Bool
) async throws {
    let deadline = ContinuousClock.now + timeout
    while try await !condition() {
        guard ContinuousClock.now < deadline else {
            // A stalled pool can pass the deadline between two polls: the condition gets one last look.
            try await Task.sleep(for: .milliseconds(5))
            if try await condition() { return }
            throw TimedOut(description: "timed out waiting for \(what)")
        }
        try await Task.sleep(for: .milliseconds(5))
    }
}
