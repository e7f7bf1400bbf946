#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The process's open-file limit (RLIMIT_NOFILE). At start the soft limit is raised to the hard one,
/// which any process may do; the connection cap is then sized below what results.
struct OpenFileLimit: Sendable, Equatable {
    /// The soft limit before raising.
    let original: Int
    /// The soft limit in force: what the process may open.
    let current: Int
    let hard: Int
    /// Why the soft limit could not be raised (the `errno` of `setrlimit`), if it could not.
    let raiseFailure: Int32?

    /// Where the soft limit goes when the hard limit is unlimited (Linux refuses more than `fs.nr_open`).
    static let unlimitedTarget = 1 << 20

    static func raisingSoftToHard() -> OpenFileLimit {
        var limits = rlimit()
        guard getrlimit(Self.resource, &limits) == 0 else {
            return OpenFileLimit(original: 1024, current: 1024, hard: 1024, raiseFailure: errno)
        }
        let original = Self.count(limits.rlim_cur)
        let hard = Self.count(limits.rlim_max)
        let target = min(hard, Self.unlimitedTarget)
        guard target > original else { return OpenFileLimit(original: original, current: original, hard: hard, raiseFailure: nil) }
        var raised = limits
        raised.rlim_cur = rlim_t(target)
        guard setrlimit(Self.resource, &raised) == 0 else {
            return OpenFileLimit(original: original, current: original, hard: hard, raiseFailure: errno)
        }
        return OpenFileLimit(original: original, current: target, hard: hard, raiseFailure: nil)
    }

    private static func count(_ value: rlim_t) -> Int {
        value > rlim_t(Int.max) ? Int.max : Int(value)
    }

    #if canImport(Glibc)
    private static let resource = __rlimit_resource_t(RLIMIT_NOFILE.rawValue)
    #else
    private static let resource = RLIMIT_NOFILE
    #endif
}
