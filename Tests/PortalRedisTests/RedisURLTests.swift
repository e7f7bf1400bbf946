import PortalRedis
import Testing

@Suite("Redis URL")
struct RedisURLTests {
    @Test func hostPortAndDatabaseAreRead() throws {
        let url = try RedisURL("redis://cache.internal:6380/3")
        #expect(url.host == "cache.internal")
        #expect(url.port == 6380)
        #expect(url.database == 3)
        #expect(url.password == nil)
    }

    @Test func portAndDatabaseDefault() throws {
        let url = try RedisURL("redis://127.0.0.1")
        #expect(url.port == 6379)
        #expect(url.database == 0)
    }

    @Test func passwordIsReadAndNeverPrinted() throws {
        let url = try RedisURL("redis://:s%40cret@127.0.0.1:6379/0")
        #expect(url.password == "s@cret")
        #expect(!url.description.contains("cret"))
        let withUser = try RedisURL("redis://portal:pw@127.0.0.1/1")
        #expect(withUser.username == "portal")
        #expect(withUser.description == "redis://portal:***@127.0.0.1:6379/1")
    }

    @Test(arguments: ["http://127.0.0.1:6379", "redis://", "redis://host:99999", "redis://host/x", "not a url"])
    func malformedURLsAreRefused(text: String) {
        #expect {
            try RedisURL(text)
        } throws: { error in
            if case .invalidURL = error as? RedisError { true } else { false }
        }
    }
}
