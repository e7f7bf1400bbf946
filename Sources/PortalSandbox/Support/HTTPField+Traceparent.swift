import HTTPTypes

extension HTTPField.Name {
    /// W3C Trace Context's header, which the simulators record per call.
    static let traceparent = HTTPField.Name("traceparent")!
}
