import APITestSupport
import Logging
import NIOCore
import NIOEmbedded
import PortalCache
import PortalSupport
import Testing

@testable import PortalAPI
@testable import PortalApplication

@Suite("Connection cap")
struct ConnectionRegistryTests {
    private static func connected() async throws -> EmbeddedChannel {
        let channel = EmbeddedChannel()
        try await channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 9)).get()
        return channel
    }

    @Test func atTheCapANewConnectionReplacesTheOneIdleLongest() async throws {
        let registry = ConnectionRegistry(maxConnections: 2)
        let first = try await Self.connected()
        let second = try await Self.connected()
        let third = try await Self.connected()
        #expect(registry.admit(first) == .admitted)
        #expect(registry.admit(second) == .admitted)
        registry.setIdle(first, false)
        registry.setIdle(first, true)
        #expect(registry.admit(third) == .admitted)
        #expect(!second.isActive)
        #expect(first.isActive && third.isActive)
        #expect(registry.openConnections == 2)
    }

    @Test func aConnectionWithARequestInProgressIsNeverReplaced() async throws {
        let registry = ConnectionRegistry(maxConnections: 2)
        let first = try await Self.connected()
        let second = try await Self.connected()
        let third = try await Self.connected()
        #expect(registry.admit(first) == .admitted)
        #expect(registry.admit(second) == .admitted)
        registry.setIdle(first, false)
        registry.setIdle(second, false)
        #expect(registry.admit(third) == .refused)
        #expect(first.isActive && second.isActive)
        registry.setIdle(second, true)
        #expect(registry.admit(third) == .admitted)
        #expect(!second.isActive)
    }

    @Test func aClosedConnectionFreesItsPlace() async throws {
        let registry = ConnectionRegistry(maxConnections: 1)
        let first = try await Self.connected()
        let second = try await Self.connected()
        #expect(registry.admit(first) == .admitted)
        registry.setIdle(first, false)
        try await first.close()
        first.embeddedEventLoop.run()
        #expect(registry.admit(second) == .admitted)
    }

    @Test func whenEveryConnectionIsBusyTheNewOneIsAnswered503AndClosed() async throws {
        let channel = GuardedHTTP1Channel(responder: { _, _, _ in }, limits: ConnectionLimits(maxConnections: 1))
        let busy = try await Self.connected()
        let refused = try await Self.connected()
        #expect(channel.registry.admit(busy) == .admitted)
        channel.registry.setIdle(busy, false)
        let setup = channel.setup(channel: refused, logger: Logger(label: "test"))
        await #expect(throws: GuardedHTTP1Channel.Refused.self) { try await setup.get() }
        let written = try refused.readOutbound(as: ByteBuffer.self).map { String(buffer: $0) }
        #expect(written?.hasPrefix("HTTP/1.1 503 ") == true)
        #expect(!refused.isActive)
    }
}
