import Foundation
import Synchronization

/// Asks the sentinels which server is master every `interval`, on a thread of its own, and moves the
/// client's `MasterGeneration` on when the answer changes: a master demoted while up keeps accepting
/// writes until the sentinels reconfigure it, so waiting for its first `READONLY` is not enough.
final class SentinelWatcher: @unchecked Sendable {
    static let interval = Duration.milliseconds(500)

    private let configuration: RedisConfiguration
    private let master: MasterGeneration
    private let isStopped = Atomic<Bool>(false)

    private init(configuration: RedisConfiguration, master: MasterGeneration) {
        self.configuration = configuration
        self.master = master
    }

    /// A watcher for a `redis+sentinel://` client; nil for any other.
    static func start(configuration: RedisConfiguration, master: MasterGeneration) -> SentinelWatcher? {
        guard case .sentinel = configuration.url.topology else { return nil }
        let watcher = SentinelWatcher(configuration: configuration, master: master)
        let thread = Thread { watcher.run() }
        thread.name = "redis-sentinel-watcher"
        thread.start()
        return watcher
    }

    func stop() {
        isStopped.store(true, ordering: .releasing)
    }

    private func run() {
        while !isStopped.load(ordering: .acquiring) {
            let generation = master.current
            if let answer = try? SentinelDiscovery.endpoint(
                of: configuration.url,
                connectTimeout: configuration.connectTimeout,
                commandTimeout: configuration.commandTimeout
            ) {
                if master.named(answer) { master.leave(generation) }
            }
            Thread.sleep(forTimeInterval: Double(Self.interval.wholeMilliseconds) / 1000)
        }
    }
}
