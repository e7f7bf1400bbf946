import Foundation

/// Runs blocking work (raw sockets, waiting for a child process) on a thread of its own: blocking a
/// thread of Swift's cooperative pool would starve the in-process servers of the tests running beside it.
public func offThePool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try work() }) }.start()
    }
}
