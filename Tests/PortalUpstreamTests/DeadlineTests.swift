import Dispatch
import PortalSupport
import Synchronization
import Testing

@Suite("Deadlines")
struct DeadlineTests {
    struct TimedOut: Error {}

    /// A wait that ignores cancellation, as URLSession on Linux may: it ends only when opened.
    final class Gate: Sendable {
        private let state = Mutex<(open: Bool, waiters: [CheckedContinuation<Void, Never>])>((false, []))

        var isOpen: Bool { state.withLock { $0.open } }

        func wait() async {
            await withCheckedContinuation { continuation in
                let resumeNow = state.withLock { state in
                    if state.open { return true }
                    state.waiters.append(continuation)
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        }

        func open() {
            let waiters = state.withLock { state in
                state.open = true
                defer { state.waiters = [] }
                return state.waiters
            }
            for waiter in waiters { waiter.resume() }
        }
    }

    @Test func anOperationThatEndsInTimeGivesItsValue() async throws {
        let value = try await withDeadline(.seconds(30), timeoutError: { TimedOut() }) { 42 }
        #expect(value == 42)
    }

    @Test func anOperationsErrorIsThrownAsItIs() async throws {
        struct Refused: Error {}
        await #expect(throws: Refused.self) {
            try await withDeadline(.seconds(30), timeoutError: { TimedOut() }) { () async throws -> Int in throw Refused() }
        }
    }

    @Test func theTimeoutIsThrownWithoutWaitingForAnOperationThatIgnoresCancellation() async throws {
        let gate = Gate()
        // Opened later in any case, so that a regression fails the test rather than hanging the run.
        DispatchQueue.global().asyncAfter(deadline: .now() + 20) { gate.open() }
        await #expect(throws: TimedOut.self) {
            try await withDeadline(.milliseconds(50), timeoutError: { TimedOut() }) {
                await gate.wait()
                return 1
            }
        }
        #expect(!gate.isOpen, "the deadline waited for the operation")
        gate.open()
    }

    @Test func cancellingTheCallerEndsTheWaitAtOnce() async throws {
        let gate = Gate()
        DispatchQueue.global().asyncAfter(deadline: .now() + 20) { gate.open() }
        let waiting = Task {
            try await withDeadline(.seconds(60), timeoutError: { TimedOut() }) {
                await gate.wait()
                return 1
            }
        }
        waiting.cancel()
        await #expect(throws: CancellationError.self) { try await waiting.value }
        #expect(!gate.isOpen)
        gate.open()
    }

    @Test func withoutATimeoutOnlyCancellationEndsTheWaitAndItDoesNotWaitForTheOperation() async throws {
        let gate = Gate()
        DispatchQueue.global().asyncAfter(deadline: .now() + 20) { gate.open() }
        let waiting = Task { try await stopWaitingWhenCancelled { await gate.wait() } }
        waiting.cancel()
        await #expect(throws: CancellationError.self) { try await waiting.value }
        #expect(!gate.isOpen)
        gate.open()
        #expect(try await stopWaitingWhenCancelled { 7 } == 7)
    }
}
