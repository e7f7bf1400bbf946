import GRPCCore

extension PubSubFailure {
    /// The `error-code` trailer values Salesforce sends with the statuses the subscriber tells apart.
    enum ErrorCode {
        static let authentication = "sfdc.platform.eventbus.grpc.service.auth.error"
        static let replayIdCorrupted = "sfdc.platform.eventbus.grpc.subscription.fetch.replayid.corrupted"
        static let unavailable = "sfdc.platform.eventbus.grpc.service.unavailable"
    }

    /// Classifies a failed call by its status code and `error-code` trailer.
    init(_ error: RPCError) {
        let errorCode = error.metadata[stringValues: "error-code"].first(where: { _ in true })
        let detail = "\(error.code)" + (errorCode.map { " \($0)" } ?? "")
        switch (error.code, errorCode) {
        case (_, ErrorCode.authentication?), (.unauthenticated, _): self.init(.authentication, detail: detail)
        case (_, ErrorCode.replayIdCorrupted?): self.init(.replayIdCorrupted, detail: detail)
        case (_, ErrorCode.unavailable?), (.unavailable, _): self.init(.unavailable, detail: detail)
        default: self.init(.other, detail: detail)
        }
    }

    /// Any error a call threw, classified; a `PubSubFailure` stays as it is.
    static func from(_ error: any Error) -> PubSubFailure {
        switch error {
        case let failure as PubSubFailure: failure
        case let rpc as RPCError: PubSubFailure(rpc)
        default: PubSubFailure(.other, detail: "\(type(of: error))")
        }
    }
}
