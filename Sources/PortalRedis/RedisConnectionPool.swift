import DequeModule

/// A bounded set of connections, each lent to one task at a time. Broken connections are dropped and
/// replaced on demand; after a failure, new connections are only tried once the backoff allows, and until
/// then borrowers fail fast with `backingOff`.
actor RedisConnectionPool {
    private let configuration: RedisConfiguration
    private var idle: [RedisConnection] = []
    private var openCount = 0
    private var waiters: Deque<Waiter> = []
    private var backoff: ReconnectBackoff
    private var nextWaiterId = 0
    private var isShutDown = false

    private struct Waiter {
        let id: Int
        let continuation: CheckedContinuation<Result<RedisConnection, RedisError>, Never>
    }

    init(configuration: RedisConfiguration) {
        self.configuration = configuration
        self.backoff = ReconnectBackoff(initial: configuration.initialBackoff, maximum: configuration.maximumBackoff)
    }

    func acquire() async throws(RedisError) -> RedisConnection {
        guard !isShutDown else { throw .shutDown }
        if let connection = idle.popLast() { return connection }
        if openCount < configuration.poolSize {
            guard !backoff.isWaiting(now: .now) else { throw .backingOff }
            openCount += 1
            do {
                let connection = try await RedisConnection.open(
                    configuration.url, connectTimeout: configuration.connectTimeout, commandTimeout: configuration.commandTimeout)
                backoff.recordSuccess()
                return connection
            } catch {
                openCount -= 1
                backoff.recordFailure(now: .now)
                failWaitersWhileBackingOff()
                throw error
            }
        }
        return try await waitForRelease().get()
    }

    private func waitForRelease() async -> Result<RedisConnection, RedisError> {
        nextWaiterId += 1
        let id = nextWaiterId
        let timeout = configuration.acquireTimeout
        return await withCheckedContinuation { continuation in
            waiters.append(Waiter(id: id, continuation: continuation))
            Task { [weak self] in
                try? await Task.sleep(for: timeout)
                await self?.expire(waiterId: id)
            }
        }
    }

    private func expire(waiterId: Int) {
        guard let index = waiters.firstIndex(where: { $0.id == waiterId }) else { return }
        waiters.remove(at: index).continuation.resume(returning: .failure(.poolExhausted))
    }

    /// Returns a borrowed connection. A broken one is closed, counts as a Redis failure, and frees its slot.
    func release(_ connection: RedisConnection) {
        if connection.isBroken || isShutDown {
            openCount -= 1
            if connection.isBroken {
                backoff.recordFailure(now: .now)
                failWaitersWhileBackingOff()
            }
            return
        }
        if let waiter = waiters.popFirst() {
            waiter.continuation.resume(returning: .success(connection))
        } else {
            idle.append(connection)
        }
    }

    /// Waiters would only wait for connections that are not coming: let them fall back now.
    private func failWaitersWhileBackingOff() {
        guard openCount == 0 else { return }
        while let waiter = waiters.popFirst() { waiter.continuation.resume(returning: .failure(.backingOff)) }
    }

    func shutdown() {
        isShutDown = true
        openCount -= idle.count
        idle.removeAll()
        while let waiter = waiters.popFirst() { waiter.continuation.resume(returning: .failure(.shutDown)) }
    }
}
