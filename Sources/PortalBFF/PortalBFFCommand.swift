import ArgumentParser
import DeveloperTools

@main
struct PortalBFFCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "portal-bff",
        abstract: "The customer portal's backend for frontend.",
        subcommands: [MapCommand.self, SandboxCommand.self]
    )
}
