import ArgumentParser
import DeveloperTools
import PortalServe

@main
struct PortalBFFCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "portal-bff",
        abstract: "The customer portal's backend for frontend.",
        subcommands: [
            ServeCommand.self, TokenCommand.self, WebhookCommand.self, ProvisioningCommand.self, PubSubCommand.self, MapCommand.self,
            SandboxCommand.self, ServeStaticCommand.self,
        ]
    )
}
