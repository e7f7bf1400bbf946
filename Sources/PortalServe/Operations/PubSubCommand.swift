import ArgumentParser
import PortalApplication

/// `portal-bff pubsub list [--gaps]`: the Platform Events that could not be read, or the replay gaps to
/// reconcile, from the configured Redis. The operator listener's `/pubsub/dead-letters` and `/pubsub/gaps`
/// answer the same.
public struct PubSubCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "pubsub",
        abstract: "Salesforce Pub/Sub records for an operator.",
        subcommands: [List.self]
    )

    public init() {}

    public struct List: AsyncParsableCommand {
        public static let configuration = CommandConfiguration(
            abstract: "List the undecodable events (newest first), or with --gaps the replay gaps."
        )

        @OptionGroup public var options: OperatorOptions

        @Flag(help: "List the replay gaps instead.")
        public var gaps = false

        @Option(help: "At most this many (1...1000).")
        public var limit = 100

        public init() {}

        public func run() async throws { try await printing { try await output() } }

        func output() async throws -> String {
            if gaps {
                return try await options.output(
                    { administration async throws(ServiceError) in
                        try await administration.pubSubGaps(limit: limit)
                    },
                    text: OperatorText.gaps
                )
            }
            return try await options.output(
                { administration async throws(ServiceError) in
                    try await administration.pubSubDeadLetters(limit: limit)
                },
                text: OperatorText.eventDeadLetters
            )
        }
    }
}
