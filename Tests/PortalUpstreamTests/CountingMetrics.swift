import Metrics
import MetricsTestKit
import Synchronization

/// `TestMetrics` that also counts how often each counter is asked for: `TestMetrics` hands back the same
/// handler for the same label set, so only the factory can tell a counter made once from one made per event.
final class CountingMetrics: MetricsFactory {
    let recorded = TestMetrics()
    private let made = Mutex<[String: Int]>([:])

    /// How many times a counter with this label and these dimensions (in order) was made.
    func countersMade(_ label: String, _ dimensions: [(String, String)]) -> Int {
        made.withLock { $0[Self.key(label, dimensions)] ?? 0 }
    }

    func makeCounter(label: String, dimensions: [(String, String)]) -> any CounterHandler {
        made.withLock { $0[Self.key(label, dimensions), default: 0] += 1 }
        return recorded.makeCounter(label: label, dimensions: dimensions)
    }

    func makeFloatingPointCounter(label: String, dimensions: [(String, String)]) -> any FloatingPointCounterHandler {
        recorded.makeFloatingPointCounter(label: label, dimensions: dimensions)
    }

    func makeMeter(label: String, dimensions: [(String, String)]) -> any MeterHandler {
        recorded.makeMeter(label: label, dimensions: dimensions)
    }

    func makeRecorder(label: String, dimensions: [(String, String)], aggregate: Bool) -> any RecorderHandler {
        recorded.makeRecorder(label: label, dimensions: dimensions, aggregate: aggregate)
    }

    func makeTimer(label: String, dimensions: [(String, String)]) -> any TimerHandler {
        recorded.makeTimer(label: label, dimensions: dimensions)
    }

    func destroyCounter(_ handler: any CounterHandler) { recorded.destroyCounter(handler) }
    func destroyFloatingPointCounter(_ handler: any FloatingPointCounterHandler) { recorded.destroyFloatingPointCounter(handler) }
    func destroyMeter(_ handler: any MeterHandler) { recorded.destroyMeter(handler) }
    func destroyRecorder(_ handler: any RecorderHandler) { recorded.destroyRecorder(handler) }
    func destroyTimer(_ handler: any TimerHandler) { recorded.destroyTimer(handler) }

    private static func key(_ label: String, _ dimensions: [(String, String)]) -> String {
        ([label] + dimensions.map { "\($0.0)=\($0.1)" }).joined(separator: " ")
    }
}
