/// Exponential backoff with full jitter: the n-th delay in a row is uniform in
/// [0, min(max, base × 2^(n-1))].
struct PubSubBackoff: Sendable {
    private let base: Duration
    private let maximum: Duration
    /// A number in [0, 1]; the jitter's source.
    private let random: @Sendable () -> Double
    private var failures = 0

    init(base: Duration, maximum: Duration, random: @escaping @Sendable () -> Double = { Double.random(in: 0...1) }) {
        self.base = base
        self.maximum = maximum
        self.random = random
    }

    /// The delay before the next attempt; each call counts one more failure.
    mutating func next() -> Duration {
        let ceiling = min(maximum, base * Double(1 << min(failures, 30)))
        failures += 1
        return ceiling * min(max(random(), 0), 1)
    }

    /// The longest delay, for a topic that cannot be subscribed until someone fixes its configuration.
    var longest: Duration { maximum }

    mutating func reset() { failures = 0 }
}
