/// What a cluster node's error reply asks of the client.
enum ClusterRedirection: Equatable {
    /// `MOVED <slot> <host:port>`: the slot is served there for good.
    case moved(slot: Int, to: RedisEndpoint)
    /// `ASK <slot> <host:port>`: the slot is migrating; send `ASKING` and the command there, once.
    case ask(slot: Int, to: RedisEndpoint)
    /// `TRYAGAIN`: a multi-key command while its slot migrates; retry shortly.
    case tryAgain
    /// `CLUSTERDOWN`: the cluster cannot serve the slot now.
    case clusterDown

    /// The redirection `reply` is, if any; an endpoint without a host (`MOVED 3999 :6381`) is on the host
    /// of the node that answered, `from`.
    init?(_ reply: RedisValue, from node: RedisEndpoint) {
        guard case .error(let message) = reply else { return nil }
        switch RedisServerErrorCode(reply: message) {
        case .tryAgain: self = .tryAgain
        case .clusterDown: self = .clusterDown
        case .moved, .ask:
            let words = message.split(separator: " ")
            guard words.count == 3, let slot = Int(words[1]), (0..<HashSlot.count).contains(slot),
                let colon = words[2].lastIndex(of: ":"), let port = Int(words[2][words[2].index(after: colon)...])
            else { return nil }
            let host = words[2][..<colon]
            let endpoint = RedisEndpoint(host: host.isEmpty ? node.host : String(host), port: port)
            self = words[0] == "MOVED" ? .moved(slot: slot, to: endpoint) : .ask(slot: slot, to: endpoint)
        default: return nil
        }
    }
}
