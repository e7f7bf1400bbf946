import PortalSandbox
import PortalUpstream

/// A sandbox and how its clients reach it: in process through `InProcessTransport` (no socket, the default)
/// or over a loopback socket through `URLSessionTransport`, for the tests about the socket itself.
public struct SandboxUnderTest: Sendable {
    public enum Reach: String, CaseIterable, Sendable {
        case inProcess, socket
    }

    public let sandbox: Sandbox
    public let baseURLs: Sandbox.BaseURLs
    public let transport: any HTTPTransport
    private let running: RunningSandbox?

    /// Reaches `sandbox` as `reach` says; over a socket, it is started on a free loopback port.
    public static func start(_ reach: Reach = .inProcess, sandbox: Sandbox = Sandbox()) async throws -> SandboxUnderTest {
        switch reach {
        case .inProcess:
            return SandboxUnderTest(
                sandbox: sandbox,
                baseURLs: Sandbox.inProcessBaseURLs,
                transport: InProcessTransport(sandbox: sandbox),
                running: nil
            )
        case .socket:
            let running = try await sandbox.start()
            return SandboxUnderTest(sandbox: sandbox, baseURLs: running.baseURLs, transport: URLSessionTransport(), running: running)
        }
    }

    /// Stops the socket's server, if there is one; calls in flight finish first.
    public func stop() async {
        await running?.stop()
    }

    /// Starts as `start` does, runs `body`, and stops before returning, whether the body returned or threw.
    @discardableResult
    public static func with<Result>(
        _ reach: Reach = .inProcess,
        sandbox: Sandbox = Sandbox(),
        _ body: (SandboxUnderTest) async throws -> Result
    ) async throws -> Result {
        try await withTeardown(try await start(reach, sandbox: sandbox), stop: { await $0.stop() }, body)
    }
}
