/// Sent from the HTTP side of a connection's pipeline down to `ConnectionDeadlineHandler`, which sees
/// only bytes: a request head or a request's end was decoded, or the answer to a request was written in full.
enum RequestPhase: Sendable {
    case headReceived
    case requestEnded
    case responseEnded
}
