/// Which server to connect to: the one of a `redis://` URL, or the master the sentinels of a
/// `redis+sentinel://` URL name now (`SENTINEL get-master-addr-by-name`), asked again for every new
/// connection so that a failover is followed as soon as a sentinel knows of it.
enum SentinelDiscovery {
    static func endpoint(of url: RedisURL, connectTimeout: Duration, commandTimeout: Duration) throws(RedisError) -> RedisEndpoint {
        guard case .sentinel(let masterName, let sentinels) = url.topology else { return RedisEndpoint(host: url.host, port: url.port) }
        var answers: [String] = []
        for sentinel in sentinels {
            do {
                let connection = try RedisConnection.connect(sentinel, connectTimeout: connectTimeout, commandTimeout: commandTimeout)
                let reply = try connection.execute([RedisCommand("SENTINEL", "get-master-addr-by-name", RedisArgument(masterName))])[0]
                if case .array(let address) = reply, address.count == 2, let host = address[0].string,
                    let port = address[1].string.flatMap({ Int($0) })
                {
                    return RedisEndpoint(host: host, port: port)
                }
                answers.append("\(sentinel) answered \(reply)")
            } catch {
                answers.append("\(sentinel): \(error)")
            }
        }
        throw .connectFailed("no sentinel named the master \(masterName): \(answers.joined(separator: "; "))")
    }
}
