import ArgumentParser
import Foundation
import PortalApplication
import PortalCache

/// `portal-bff provisioning list|show|retry|discard`: an operator's handling of provisioning jobs against
/// the configured Redis, without redis-cli. The operator listener's `/provisioning/jobs` routes do the same.
public struct ProvisioningCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "provisioning",
        abstract: "List, show, retry and discard provisioning jobs.",
        subcommands: [List.self, Show.self, Retry.self, Discard.self]
    )

    public init() {}

    public struct List: AsyncParsableCommand {
        public static let configuration = CommandConfiguration(
            abstract: "List the waiting jobs (oldest first), or with --dead the dead-lettered ones (newest first)."
        )

        @OptionGroup public var options: OperatorOptions

        @Flag(help: "List the dead-lettered jobs instead.")
        public var dead = false

        @Option(help: "At most this many (1...1000).")
        public var limit = 100

        public init() {}

        public func run() async throws { try await printing { try await output() } }

        func output() async throws -> String {
            if dead {
                return try await options.output(
                    { administration async throws(ServiceError) in
                        try await administration.deadLetteredJobs(limit: limit)
                    },
                    text: OperatorText.deadLetters
                )
            }
            return try await options.output(
                { administration async throws(ServiceError) in
                    try await administration.waitingJobs(limit: limit)
                },
                text: OperatorText.waiting
            )
        }
    }

    public struct Show: AsyncParsableCommand {
        public static let configuration = CommandConfiguration(abstract: "Show one job: its steps, lock, delivery, dead letters and audit trail.")

        @OptionGroup public var options: OperatorOptions

        @Argument(help: "The Salesforce order id.")
        public var orderId: String

        public init() {}

        public func run() async throws { try await printing { try await output() } }

        func output() async throws -> String {
            try await options.output(
                { administration async throws(ServiceError) in try await administration.job(orderId) },
                text: OperatorText.details
            )
        }
    }

    public struct Retry: AsyncParsableCommand {
        public static let configuration = CommandConfiguration(
            abstract: "Queue a dead-lettered, discarded or waiting job again at the step it had reached.",
            discussion: """
                A job whose AddOrder answer was lost needs --whmcs-order N (WHMCS has the order: resume at \
                AcceptOrder) or --not-placed (it has none: send AddOrder again). Check the client's orders in \
                WHMCS first.
                """
        )

        @OptionGroup public var options: OperatorOptions

        @Argument(help: "The Salesforce order id.")
        public var orderId: String

        @Option(help: "Why (kept on the audit stream).")
        public var reason: String?

        @Option(help: "Who acts (default $USER).")
        public var by: String = OperatorName.current

        @Option(name: .customLong("whmcs-order"), help: "The WHMCS order the lost AddOrder placed.")
        public var whmcsOrderId: Int?

        @Flag(help: "The lost AddOrder placed no WHMCS order.")
        public var notPlaced = false

        public init() {}

        public func run() async throws { try await printing { try await output() } }

        func output() async throws -> String {
            let request = try commandRequest { () throws(ServiceError) in
                try JobAdministrationRequest(by: by, reason: reason, whmcsOrderId: whmcsOrderId, notPlaced: notPlaced, reasonRequired: false)
            }
            return try await options.output(
                { administration async throws(ServiceError) in
                    try await administration.retry(orderId, request)
                },
                text: OperatorText.transition
            )
        }
    }

    public struct Discard: AsyncParsableCommand {
        public static let configuration = CommandConfiguration(
            abstract: "Give a dead-lettered or waiting job up for good; the audit stream keeps why."
        )

        @OptionGroup public var options: OperatorOptions

        @Argument(help: "The Salesforce order id.")
        public var orderId: String

        @Option(help: "Why (required; kept on the audit stream).")
        public var reason: String

        @Option(help: "Who acts (default $USER).")
        public var by: String = OperatorName.current

        public init() {}

        public func run() async throws { try await printing { try await output() } }

        func output() async throws -> String {
            let request = try commandRequest { () throws(ServiceError) in try JobAdministrationRequest(by: by, reason: reason, reasonRequired: true) }
            return try await options.output(
                { administration async throws(ServiceError) in
                    try await administration.discard(orderId, request)
                },
                text: OperatorText.transition
            )
        }
    }
}

/// Who runs an operator command, for the audit stream: `$USER`, else `operator`.
enum OperatorName {
    static var current: String { ProcessInfo.processInfo.environment["USER"].flatMap { $0.isEmpty ? nil : $0 } ?? "operator" }
}

/// A request built from command-line options, its problems shown as a usage error.
func commandRequest(_ build: () throws(ServiceError) -> JobAdministrationRequest) throws -> JobAdministrationRequest {
    do {
        return try build()
    } catch {
        guard case .invalid(let fields) = error else { throw error }
        throw ValidationError(fields.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: "; "))
    }
}

/// Writes a command's output, or its failure to standard error with its exit status.
func printing(_ output: () async throws -> String) async throws {
    do {
        FileHandle.standardOutput.write(Data(try await output().utf8))
    } catch let failure as OperatorCommandFailure {
        FileHandle.standardError.write(Data("portal-bff: \(failure.description)\n".utf8))
        throw failure.exitCode
    }
}
