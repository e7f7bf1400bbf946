/// The error code of a Redis error reply: the reply's first word, which the protocol defines as its code
/// (`-WRONGTYPE Operation against a key…`, `-MOVED 3999 127.0.0.1:6381`). Read once here, from the
/// reply's text, so that callers switch on a case.
public enum RedisServerErrorCode: Hashable, Sendable {
    /// `ERR`: the generic error (unknown command, wrong arguments, a script's error).
    case err
    case wrongType
    /// `NOSCRIPT`: `EVALSHA` of a script the server does not hold.
    case noScript
    /// `BUSYGROUP`: the consumer group exists already.
    case busyGroup
    /// `NOGROUP`: no such stream or consumer group.
    case noGroup
    /// `MOVED`: the key's slot is served by another cluster node, for good.
    case moved
    /// `ASK`: the key's slot is being migrated; ask the other node this once.
    case ask
    /// `TRYAGAIN`: a multi-key command during resharding.
    case tryAgain
    case clusterDown
    /// `CROSSSLOT`: the keys of one command are in different slots.
    case crossSlot
    /// `READONLY`: a write sent to a replica.
    case readOnly
    /// `LOADING`: the server is loading its data set.
    case loading
    /// `BUSY`: a script runs and blocks the server.
    case busy
    case masterDown
    case noAuth
    case wrongPass
    case noPerm
    /// `OOM`: over `maxmemory`.
    case outOfMemory
    case execAbort
    case noReplicas
    /// `MISCONF`: snapshots fail, so writes are refused.
    case misconfigured
    /// A code not named here.
    case other

    private static let byWord: [Substring: RedisServerErrorCode] = [
        "ERR": .err, "WRONGTYPE": .wrongType, "NOSCRIPT": .noScript, "BUSYGROUP": .busyGroup, "NOGROUP": .noGroup,
        "MOVED": .moved, "ASK": .ask, "TRYAGAIN": .tryAgain, "CLUSTERDOWN": .clusterDown, "CROSSSLOT": .crossSlot,
        "READONLY": .readOnly, "LOADING": .loading, "BUSY": .busy, "MASTERDOWN": .masterDown, "NOAUTH": .noAuth,
        "WRONGPASS": .wrongPass, "NOPERM": .noPerm, "OOM": .outOfMemory, "EXECABORT": .execAbort, "NOREPLICAS": .noReplicas,
        "MISCONF": .misconfigured,
    ]

    /// The code of an error reply's text (hiredis hands it over without the leading `-`).
    public init(reply: String) {
        let word = reply.prefix { $0 != " " && $0 != "\r" && $0 != "\n" }
        self = Self.byWord[word] ?? .other
    }
}
