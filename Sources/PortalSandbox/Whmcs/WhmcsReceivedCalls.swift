import Synchronization

/// One call as the WHMCS simulator read it: `$_POST` after PHP's parsing, without the API credentials.
public struct WhmcsReceivedCall: Sendable, Equatable {
    public let instance: String
    /// The plain values, by name (`action`, `responsetype` and the action's parameters).
    public let fields: [String: String]
    /// The arrays (`pid[0]=12`), by name, in PHP's order.
    public let lists: [String: [String]]
}

/// The last calls the WHMCS simulator received, oldest first, so that tests can check what a client
/// really sent. Keeps the last `capacity` calls.
final class WhmcsReceivedCalls: Sendable {
    static let capacity = 64
    private let calls = Mutex<[WhmcsReceivedCall]>([])

    func record(instance: String, _ post: PHPPostVariables) {
        var fields = post.strings
        fields["identifier"] = nil
        fields["secret"] = nil
        let call = WhmcsReceivedCall(instance: instance, fields: fields, lists: post.lists)
        calls.withLock { calls in
            calls.append(call)
            if calls.count > Self.capacity { calls.removeFirst(calls.count - Self.capacity) }
        }
    }

    var all: [WhmcsReceivedCall] { calls.withLock { $0 } }
}
