import Configuration
import PortalSupport

/// The HTTP server's own settings.
///
/// Keys: `environment` (`production` unless set; `development` allows the `token` command), `http.host`
/// (`127.0.0.1`), `http.port` (8080), `api.customerRequestsPerMinute` (600) and `api.customerBurst` (60): each
/// customer's request budget, `api.paymentSessionsPerMinute` (2) and `api.paymentSessionBurst` (5): each
/// customer's budget of payment links, `http.maxBodyBytes` (65536): the largest request body accepted, and
/// `http.drainSeconds` (0): how long a shutting-down instance keeps serving with `/readyz` at 503 before it
/// stops accepting. `http.operator.host` (`127.0.0.1`) and `http.operator.port` (9090): the operator listener
/// (`/metrics`, the detailed `/readyz`, `/healthz`), kept off the public listener. `writes.settleSeconds` (30): how
/// long after sending, a write that shows no trace upstream may still take effect (only then may a retry redo it).
struct ServerSettings: Sendable {
    let environment: String
    let host: String
    let port: Int
    let customerRequestsPerMinute: Int
    let customerBurst: Int
    let paymentSessionsPerMinute: Int
    let paymentSessionBurst: Int
    let maxBodyBytes: Int
    let drainSeconds: Int
    let operatorHost: String
    let operatorPort: Int
    let writeSettleSeconds: Int

    init(config: ConfigReader) throws(ConfigurationError) {
        environment = config.string(forKey: "environment", default: "production")
        host = config.string(forKey: "http.host", default: "127.0.0.1")
        port = config.int(forKey: "http.port", default: 8080)
        guard (0...65535).contains(port) else { throw .init(key: "http.port", problem: "must be 0...65535") }
        customerRequestsPerMinute = config.int(forKey: "api.customerRequestsPerMinute", default: 600)
        customerBurst = config.int(forKey: "api.customerBurst", default: 60)
        guard customerRequestsPerMinute > 0, customerBurst > 0 else {
            throw .init(key: "api.customerRequestsPerMinute", problem: "the request budget must be positive")
        }
        paymentSessionsPerMinute = config.int(forKey: "api.paymentSessionsPerMinute", default: 2)
        paymentSessionBurst = config.int(forKey: "api.paymentSessionBurst", default: 5)
        guard paymentSessionsPerMinute > 0, paymentSessionBurst > 0 else {
            throw .init(key: "api.paymentSessionsPerMinute", problem: "the payment link budget must be positive")
        }
        maxBodyBytes = config.int(forKey: "http.maxBodyBytes", default: 65536)
        guard (1...(16 << 20)).contains(maxBodyBytes) else { throw .init(key: "http.maxBodyBytes", problem: "must be 1...16777216") }
        drainSeconds = config.int(forKey: "http.drainSeconds", default: 0)
        guard (0...300).contains(drainSeconds) else { throw .init(key: "http.drainSeconds", problem: "must be 0...300") }
        operatorHost = config.string(forKey: "http.operator.host", default: "127.0.0.1")
        operatorPort = config.int(forKey: "http.operator.port", default: 9090)
        guard (0...65535).contains(operatorPort) else { throw .init(key: "http.operator.port", problem: "must be 0...65535") }
        guard operatorPort == 0 || operatorPort != port || operatorHost != host else {
            throw .init(key: "http.operator.port", problem: "must differ from http.port")
        }
        writeSettleSeconds = config.int(forKey: "writes.settleSeconds", default: 30)
        guard (0...3600).contains(writeSettleSeconds) else { throw .init(key: "writes.settleSeconds", problem: "must be 0...3600") }
    }

    var isDevelopment: Bool { environment == "development" }
}
