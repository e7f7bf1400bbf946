import PortalRedis
import Testing

@Suite("Redis error codes")
struct RedisServerErrorCodeTests {
    @Test(arguments: [
        ("ERR unknown command 'NOSUCHCOMMAND'", RedisServerErrorCode.err),
        ("WRONGTYPE Operation against a key holding the wrong kind of value", .wrongType),
        ("NOSCRIPT No matching script. Please use EVAL.", .noScript),
        ("BUSYGROUP Consumer Group name already exists", .busyGroup),
        ("MOVED 3999 127.0.0.1:6381", .moved),
        ("ASK 3999 127.0.0.1:6381", .ask),
        ("TRYAGAIN Multiple keys request during rehashing of slot", .tryAgain),
        ("CLUSTERDOWN The cluster is down", .clusterDown),
        ("READONLY You can't write against a read only replica.", .readOnly),
        ("LOADING Redis is loading the dataset in memory", .loading),
        ("OOM command not allowed when used memory > 'maxmemory'.", .outOfMemory),
        ("NOAUTH Authentication required.", .noAuth),
    ])
    func theFirstWordOfAnErrorReplyIsItsCode(reply: String, code: RedisServerErrorCode) {
        #expect(RedisServerErrorCode(reply: reply) == code)
        #expect(RedisError.server(reply: reply) == .server(code: code, message: reply))
    }

    @Test func onlyTheWholeFirstWordCounts() {
        #expect(RedisServerErrorCode(reply: "BUSYGROUPS are not a code") == .other)
        #expect(RedisServerErrorCode(reply: "busygroup Consumer Group name already exists") == .other)
        #expect(RedisServerErrorCode(reply: "ERR") == .err)
        #expect(RedisServerErrorCode(reply: "") == .other)
        #expect(RedisServerErrorCode(reply: "Something went wrong") == .other)
    }
}
