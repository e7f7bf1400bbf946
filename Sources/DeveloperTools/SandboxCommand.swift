import ArgumentParser
import Foundation
import PortalSandbox

/// `portal-bff sandbox`: the upstream simulators on loopback, for demos and manual testing.
public struct SandboxCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "sandbox",
        abstract: "Run the WHMCS, Salesforce (REST and Pub/Sub API) and Freebit simulators on loopback.",
        subcommands: [SandboxServeCommand.self, SandboxCustomersCommand.self],
        defaultSubcommand: SandboxServeCommand.self
    )

    public init() {}
}

public struct SandboxServeCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the simulators until interrupted, printing each base URL once listening."
    )

    @Option(help: "The loopback port to listen on (0 picks a free one).")
    public var port: Int = 0

    @Option(name: .customLong("pubsub-port"), help: "The loopback port of the Pub/Sub API simulator, plaintext HTTP/2 (0 picks a free one).")
    public var pubSubPort: Int = 0

    @Option(help: "How many invoices each seeded customer has (the extra ones older and paid), for data sets larger than a cache.")
    public var invoicesPerCustomer = SandboxSeed.defaultInvoicesPerCustomer

    public init() {}

    public func validate() throws {
        guard (1...SandboxSeed.maximumInvoicesPerCustomer).contains(invoicesPerCustomer) else {
            throw ValidationError("--invoices-per-customer must be 1...\(SandboxSeed.maximumInvoicesPerCustomer)")
        }
        guard (0...65535).contains(port) else { throw ValidationError("--port must be 0...65535") }
        guard (0...65535).contains(pubSubPort) else { throw ValidationError("--pubsub-port must be 0...65535") }
    }

    public func run() async throws {
        try await Sandbox(seed: SandboxSeed(invoicesPerCustomer: invoicesPerCustomer)).run(port: port, pubSubPort: pubSubPort) { urls in
            var lines = urls.whmcs.sorted { $0.key < $1.key }.map { "whmcs \($0.key): \($0.value.absoluteString)" }
            lines.append("salesforce: \(urls.salesforce.absoluteString)")
            lines.append("freebit: \(urls.freebit.absoluteString)")
            lines.append("pubsub: \(urls.pubSub)")
            FileHandle.standardOutput.write(Data((lines.joined(separator: "\n") + "\n").utf8))
        }
    }
}

public struct SandboxCustomersCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "customers",
        abstract: "List the seeded customers with their ids in each system."
    )

    @Flag(help: "Print a JSON array instead of a table.")
    public var json = false

    public init() {}

    public func run() throws {
        let customers = SandboxSeed().customers
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            FileHandle.standardOutput.write(try encoder.encode(customers) + Data("\n".utf8))
            return
        }
        var lines = ["customerId\twhmcsInstance\twhmcsClientId\tsalesforceAccountId\tname"]
        lines += customers.map { "\($0.customerId)\t\($0.whmcsInstance)\t\($0.whmcsClientId)\t\($0.salesforceAccountId)\t\($0.name)" }
        FileHandle.standardOutput.write(Data((lines.joined(separator: "\n") + "\n").utf8))
    }
}
