import SalesforcePubSubAPI

/// Where a Subscribe call starts: after a stored replay id, or at a preset.
enum PubSubReplayStart: Sendable, Equatable {
    case latest
    case earliest
    /// Starts after `replayId` (CUSTOM).
    case after([UInt8])

    /// The stored id, unless Salesforce refused it already (then the fallback), or LATEST when none.
    static func resuming(stored: [UInt8]?, refused: [UInt8]?, fallback: ReplayFallback) -> PubSubReplayStart {
        guard let stored else { return .latest }
        guard stored != refused else { return fallback == .earliest ? .earliest : .latest }
        return .after(stored)
    }

    /// The first request of a stream.
    func firstRequest(topic: String, numRequested: Int32) -> Eventbus_V1_FetchRequest {
        var request = Eventbus_V1_FetchRequest()
        request.topicName = topic
        request.numRequested = numRequested
        switch self {
        case .latest: request.replayPreset = .latest
        case .earliest: request.replayPreset = .earliest
        case .after(let id):
            request.replayPreset = .custom
            request.replayID = .init(id)
        }
        return request
    }
}
