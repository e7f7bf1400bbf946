import Synchronization

/// Sends a cluster client's commands to the masters that serve their slots: a pipeline is split per node,
/// the pieces run at once, and the replies are put back in order. A `MOVED` reply updates the map and
/// sends the command where it points; an `ASK` sends `ASKING` and the command to the node it names, once;
/// a `TRYAGAIN` waits a moment and sends again; each of these means the command did not run, so sending
/// it again never does it twice. A `CLUSTERDOWN` counts as Redis being down: the call throws and the
/// client fails fast for a backoff. Reads go to masters only: a replica may still hold what a webhook's
/// invalidation already removed from its master.
final class ClusterRouter: Sendable {
    static let maximumRounds = 5

    let topology: ClusterTopology
    let counters = ClusterCounters()
    private let configuration: RedisConfiguration
    private let pools = Mutex<[RedisEndpoint: NodePool]>([:])
    private let downBackoff: SharedBackoff
    private let tracking: ClusterTracking?

    init(configuration: RedisConfiguration, seeds: [RedisEndpoint], tracking: TrackingConfiguration?) {
        self.configuration = configuration
        downBackoff = SharedBackoff(initial: configuration.initialBackoff, maximum: configuration.maximumBackoff)
        let clusterTracking = tracking.map { ClusterTracking(configuration: configuration, tracking: $0) }
        self.tracking = clusterTracking
        topology = ClusterTopology.start(configuration: configuration, seeds: seeds) { map in clusterTracking?.follow(masters: map.masters) }
    }

    private struct Piece {
        let index: Int
        var asking: RedisEndpoint?
    }

    /// The replies to `commands`, in order. With `replicated`, each node's piece ends with `WAIT 1` and the
    /// call throws `notReplicated` when a node's replicas did not acknowledge in time.
    func run(_ commands: [RedisCommand], tracked: Bool, replicated: Bool) async throws(RedisError) -> CommandQueue.Replies {
        guard !downBackoff.isWaiting else { throw .backingOff }
        var replies = [RedisValue?](repeating: nil, count: commands.count)
        let slots = Self.slots(of: commands)
        var pending = commands.indices.map { Piece(index: $0) }
        var trackedInto: UInt64?
        for round in 0..<Self.maximumRounds where !pending.isEmpty {
            guard let map = await topology.map(waitingUpTo: configuration.connectTimeout) else {
                throw .connectFailed("no node of the cluster answered CLUSTER SLOTS")
            }
            var groups: [(node: RedisEndpoint, pieces: [Piece])] = []
            for piece in pending {
                let slot = slots[piece.index]
                guard let node = piece.asking ?? (slot.map { map.master(of: $0) } ?? map.masters.first) else {
                    topology.requestRefresh()
                    throw .clusterDown("no master serves slot \(slot ?? 0)")
                }
                if let at = groups.firstIndex(where: { $0.node == node }) { groups[at].pieces.append(piece) } else { groups.append((node, [piece])) }
            }
            let results = await send(
                groups.map { group in (pool(for: group.node), unit(commands, group.pieces, replicated: replicated)) },
                tracked: tracked
            )
            var retry: [Piece] = []
            var waits = false
            var notReplicated = false
            for (group, result) in zip(groups, results) {
                let answer: CommandQueue.Replies
                switch result {
                case .failure(let error):
                    topology.requestRefresh()
                    throw error
                case .success(let success): answer = success
                }
                var values = answer.values[...]
                if replicated, let acknowledged = values.popLast() { notReplicated = notReplicated || (acknowledged.integer ?? 0) < 1 }
                trackedInto = answer.trackingGeneration
                for piece in group.pieces {
                    if piece.asking != nil { values = values.dropFirst() }
                    let value = values.removeFirst()
                    switch ClusterRedirection(value, from: group.node) {
                    case .moved(let slot, let node):
                        counters.moved.add(1, ordering: .relaxed)
                        topology.noteMoved(slot: slot, to: node)
                        retry.append(Piece(index: piece.index))
                    case .ask(_, let node):
                        counters.ask.add(1, ordering: .relaxed)
                        retry.append(Piece(index: piece.index, asking: node))
                    case .tryAgain:
                        counters.tryAgain.add(1, ordering: .relaxed)
                        waits = true
                        retry.append(piece)
                    case .clusterDown:
                        topology.requestRefresh()
                        downBackoff.recordFailure(ofAttemptStartedAt: .now)
                        throw .clusterDown(Self.text(value))
                    case nil:
                        if Self.isCrossSlot(value) { counters.crossSlot.add(1, ordering: .relaxed) }
                        replies[piece.index] = value
                    }
                    if round == Self.maximumRounds - 1 { replies[piece.index] = value }
                }
            }
            if notReplicated { throw .notReplicated }
            pending = round == Self.maximumRounds - 1 ? [] : retry
            if waits { try? await Task.sleep(for: .milliseconds(20 * (round + 1))) }
        }
        downBackoff.recordSuccess()
        return CommandQueue.Replies(values: replies.map { $0 ?? .null }, trackingGeneration: tracked ? trackedInto : nil)
    }

    /// Runs `command` on every master (node-wide commands: `PING` for readiness, `FLUSHDB`, `SCRIPT FLUSH`).
    func runOnEveryMaster(_ command: RedisCommand) async throws(RedisError) -> [RedisValue] {
        guard let map = await topology.map(waitingUpTo: configuration.connectTimeout) else {
            throw .connectFailed("no node of the cluster answered CLUSTER SLOTS")
        }
        guard map.coveredSlots == HashSlot.count else { throw .clusterDown("\(HashSlot.count - map.coveredSlots) slots have no master") }
        var replies: [RedisValue] = []
        for result in await send(map.masters.map { (pool(for: $0), [command]) }) {
            switch result {
            case .success(let answer): replies.append(answer.values[0])
            case .failure(let error):
                topology.requestRefresh()
                throw error
            }
        }
        return replies
    }

    func shutdown() {
        topology.stop()
        tracking?.stop()
        for pool in pools.withLock({ Array($0.values) }) { pool.shutdown() }
    }

    /// Every command's slot. A command without keys goes with the nearest command before it that has one
    /// (`WAIT` after its write), or else after it.
    private static func slots(of commands: [RedisCommand]) -> [Int?] {
        var slots = commands.map(\.hashSlot)
        var last: Int?
        for index in slots.indices {
            if let slot = slots[index] { last = slot } else { slots[index] = last }
        }
        var next: Int?
        for index in slots.indices.reversed() {
            if let slot = slots[index] { next = slot } else { slots[index] = next }
        }
        return slots
    }

    private func unit(_ commands: [RedisCommand], _ pieces: [Piece], replicated: Bool) -> [RedisCommand] {
        var unit: [RedisCommand] = []
        for piece in pieces {
            if piece.asking != nil { unit.append(RedisCommand("ASKING")) }
            unit.append(commands[piece.index])
        }
        if replicated { unit.append(RedisClient.waitForOneReplica(configuration)) }
        return unit
    }

    private func send(_ work: [(NodePool, [RedisCommand])], tracked: Bool = false) async -> [Result<CommandQueue.Replies, RedisError>] {
        if work.count == 1 { return [await Self.result(work[0].0, work[0].1, tracked: tracked)] }
        return await withTaskGroup(of: (Int, Result<CommandQueue.Replies, RedisError>).self) { group in
            for (index, (pool, commands)) in work.enumerated() {
                group.addTask { (index, await Self.result(pool, commands, tracked: tracked)) }
            }
            var results = [Result<CommandQueue.Replies, RedisError>](repeating: .failure(.shutDown), count: work.count)
            for await (index, result) in group { results[index] = result }
            return results
        }
    }

    private static func result(_ pool: NodePool, _ commands: [RedisCommand], tracked: Bool) async -> Result<CommandQueue.Replies, RedisError> {
        do {
            return .success(try await pool.run(commands, tracked: tracked))
        } catch {
            return .failure(error)
        }
    }

    private func pool(for node: RedisEndpoint) -> NodePool {
        pools.withLock { pools in
            if let pool = pools[node] { return pool }
            let pool = NodePool(
                configuration: configuration,
                node: node,
                tracking: tracking?.target(for: node),
                master: MasterGeneration(),
                name: "redis-\(node.port)"
            )
            pools[node] = pool
            return pool
        }
    }

    private static func isCrossSlot(_ value: RedisValue) -> Bool {
        if case .error(let message) = value { return RedisServerErrorCode(reply: message) == .crossSlot }
        return false
    }

    private static func text(_ value: RedisValue) -> String {
        if case .error(let message) = value { return message }
        return "\(value)"
    }
}
