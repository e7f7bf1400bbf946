/// Which master serves each hash slot, and its replicas, as `CLUSTER SLOTS` reported it.
public struct ClusterSlotMap: Sendable, Equatable {
    public struct Shard: Sendable, Equatable {
        public let slots: ClosedRange<Int>
        public let master: RedisEndpoint
        public let replicas: [RedisEndpoint]
    }

    /// By first slot.
    public let shards: [Shard]
    private let masterBySlot: [UInt16]
    private let endpoints: [RedisEndpoint]

    init(shards: [Shard]) {
        self.shards = shards.sorted { $0.slots.lowerBound < $1.slots.lowerBound }
        var endpoints: [RedisEndpoint] = []
        var bySlot = [UInt16](repeating: .max, count: HashSlot.count)
        for shard in self.shards {
            let index: Int
            if let known = endpoints.firstIndex(of: shard.master) {
                index = known
            } else {
                index = endpoints.count
                endpoints.append(shard.master)
            }
            for slot in shard.slots where slot < HashSlot.count { bySlot[slot] = UInt16(index) }
        }
        self.endpoints = endpoints
        masterBySlot = bySlot
    }

    /// The master serving `slot`, nil when no node does (the cluster is down for it).
    public func master(of slot: Int) -> RedisEndpoint? {
        let index = masterBySlot[slot]
        return index == .max ? nil : endpoints[Int(index)]
    }

    /// Every master, in the order of the slots they serve.
    public var masters: [RedisEndpoint] { endpoints }

    /// How many of the 16 384 slots have a master.
    public var coveredSlots: Int { masterBySlot.count { $0 != .max } }

    /// The map after a `MOVED` said `slot` is now served by `endpoint`.
    func moving(slot: Int, to endpoint: RedisEndpoint) -> ClusterSlotMap {
        var shards = shards.flatMap { shard -> [Shard] in
            guard shard.slots.contains(slot) else { return [shard] }
            var pieces: [Shard] = []
            if shard.slots.lowerBound < slot {
                pieces.append(Shard(slots: shard.slots.lowerBound...(slot - 1), master: shard.master, replicas: shard.replicas))
            }
            if slot < shard.slots.upperBound {
                pieces.append(Shard(slots: (slot + 1)...shard.slots.upperBound, master: shard.master, replicas: shard.replicas))
            }
            return pieces
        }
        shards.append(Shard(slots: slot...slot, master: endpoint, replicas: []))
        return ClusterSlotMap(shards: shards)
    }

    /// Reads a `CLUSTER SLOTS` reply: `[[first, last, [host, port, id…], [replica host, port…]…]…]`. A node
    /// named with an empty host is the one that answered, `asked`.
    init(clusterSlots reply: RedisValue, asked: RedisEndpoint) throws(RedisError) {
        guard case .array(let ranges) = reply else { throw .unexpectedReply("CLUSTER SLOTS answered \(reply)") }
        var shards: [Shard] = []
        for range in ranges {
            guard case .array(let parts) = range, parts.count >= 3, let first = parts[0].integer, let last = parts[1].integer,
                first >= 0, first <= last, last < HashSlot.count
            else { throw .unexpectedReply("CLUSTER SLOTS range \(range)") }
            let nodes = try parts.dropFirst(2).map { node throws(RedisError) in try Self.endpoint(node, asked: asked) }
            shards.append(Shard(slots: Int(first)...Int(last), master: nodes[0], replicas: Array(nodes.dropFirst())))
        }
        self.init(shards: shards)
    }

    private static func endpoint(_ node: RedisValue, asked: RedisEndpoint) throws(RedisError) -> RedisEndpoint {
        guard case .array(let fields) = node, fields.count >= 2, let host = fields[0].string, let port = fields[1].integer,
            (1...65535).contains(port)
        else { throw .unexpectedReply("CLUSTER SLOTS node \(node)") }
        return RedisEndpoint(host: host.isEmpty || host == "?" ? asked.host : host, port: Int(port))
    }

    /// `127.0.0.1:7000 0-5460, …`, for readiness.
    public var description: String {
        shards.map { "\($0.master) \($0.slots.lowerBound)-\($0.slots.upperBound)" }.joined(separator: ", ")
    }
}
