import Configuration
import PortalAPI
import PortalApplication
import PortalCache
import PortalRedis
import PortalSupport
import Testing

@testable import PortalServe

@Suite("Redis settings")
struct RedisSettingsTests {
    @Test func theUrlComesFromREDIS_URL() throws {
        let environment = EnvironmentVariablesProvider(environmentVariables: ["REDIS_URL": "redis://:pw@cache:6380/2", "REDIS_POOL_SIZE": "3"])
        let configuration = try RedisSettings.configuration(config: ConfigReader(provider: environment))
        #expect(configuration.url == (try RedisURL("redis://:pw@cache:6380/2")))
        #expect(configuration.poolSize == 3)
    }

    @Test func withoutConfigurationRedisIsLocal() throws {
        let configuration = try RedisSettings.configuration(config: ConfigReader(provider: InMemoryProvider(values: [:])))
        #expect(configuration.url.description == "redis://127.0.0.1:6379/0")
        #expect(configuration.commandTimeout == .milliseconds(250))
    }

    @Test func aBadUrlIsRefusedWithoutEchoingIt() throws {
        let provider = InMemoryProvider(values: ["redis.url": ConfigValue(.string("http://user:secret@x"), isSecret: true)])
        let error = try #require(throws: ConfigurationError.self) { try RedisSettings.configuration(config: ConfigReader(provider: provider)) }
        #expect(error.key == "redis.url")
        #expect(!error.problem.contains("secret"))
    }
}
