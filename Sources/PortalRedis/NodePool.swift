/// The connections to one server: a queue of commands and `poolSize` threads, each with its own
/// connection, that pipeline what waits in it, sharing one backoff. A standalone or Sentinel client has
/// one; a cluster client one per master.
final class NodePool: Sendable {
    let node: RedisEndpoint?
    private let configuration: RedisConfiguration
    private let queue = CommandQueue()
    private let backoff: SharedBackoff

    /// Connects to `node`, or else where `configuration.url` says; a tracked unit's reads are tracked into
    /// `tracking`'s invalidation connection.
    init(configuration: RedisConfiguration, node: RedisEndpoint?, tracking: TrackingTarget?, master: MasterGeneration, name: String) {
        self.node = node
        self.configuration = configuration
        backoff = SharedBackoff(initial: configuration.initialBackoff, maximum: configuration.maximumBackoff)
        for index in 0..<configuration.poolSize {
            ConnectionWorker.start(
                configuration: configuration,
                node: node,
                queue: queue,
                backoff: backoff,
                tracking: tracking,
                master: master,
                name: "\(name)-\(index)"
            )
        }
    }

    /// True while the pool failed to connect recently and fails fast.
    var isBackingOff: Bool { backoff.isWaiting }

    /// Runs the commands back to back on one of the pool's connections.
    func run(_ commands: [RedisCommand], tracked: Bool) async throws(RedisError) -> CommandQueue.Replies {
        guard !backoff.isWaiting else { throw .backingOff }
        let deadline = ContinuousClock.now + configuration.acquireTimeout
        let result = await withCheckedContinuation { continuation in
            queue.enqueue(CommandQueue.Unit(commands: commands, isTracked: tracked, deadline: deadline, continuation: continuation))
        }
        return try result.get()
    }

    /// Fails what waits and stops the threads, which close their connections.
    func shutdown() {
        queue.shutdown()
    }
}
