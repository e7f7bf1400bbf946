import ArgumentParser
import Configuration
import Domain
import Foundation
import PortalApplication
import PortalServe
import PortalUpstream

/// `portal-bff map KIND FILE`: shows what the BFF makes of a raw provider payload.
public struct MapCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "map",
        abstract: "Map a raw provider payload to its domain value and print it as JSON.",
        discussion: """
            Prints the domain value (sorted keys) on stdout and exits 0, or prints
            {"error":{"path":…,"reason":…,"detail":…}} on stderr and exits 1. A provider's own error answer
            is reported with reason "upstreamError". Mapping settings come from the configuration
            (\(ConfigSources.defaultFile) and environment variables); the options below override them.
            """
    )

    @Argument(help: "The payload kind: \(PayloadKind.allCases.map(\.rawValue).joined(separator: ", ")).")
    public var kind: PayloadKind

    @Argument(help: "The payload file, or - for standard input.")
    public var file: String

    @Option(help: "Currency of amounts whose payload names none (ISO 4217; configured default: JPY).")
    public var currency: String?

    @Option(name: .customLong("sim-fields"), help: "WHMCS custom field names holding the SIM's ICCID and line number: ICCID_FIELD,ACCOUNT_FIELD.")
    public var simFields: String?

    @Option(name: .customLong("page-size"), help: "The page size a GetInvoices request asked for (whmcs.invoices).")
    public var pageSize: Int = 25

    @Option(help: "The WHMCS instance a webhook came from (whmcs.event).")
    public var instance: String = "default"

    @Option(help: "Today's date in Japan, YYYY-MM-DD, for freebit.usage (default: the current date).")
    public var today: String?

    @Option(help: "A configuration file to read instead of \(ConfigSources.defaultFile).")
    public var config: String?

    public init() {}

    public func validate() throws {
        _ = try overrides()
        _ = try todayDate(now: Date())
        guard pageSize > 0 else { throw ValidationError("--page-size must be at least 1") }
        guard !instance.isEmpty else { throw ValidationError("--instance must not be empty") }
    }

    /// The options that override configuration, as configuration keys.
    func overrides() throws -> [AbsoluteConfigKey: ConfigValue] {
        var values: [AbsoluteConfigKey: ConfigValue] = [:]
        if let currency {
            guard CurrencyCode(currency) != nil else { throw ValidationError("--currency must be a 3-letter ISO 4217 code") }
            values["whmcs.defaultCurrency"] = ConfigValue(.string(currency), isSecret: false)
            values["salesforce.defaultCurrency"] = ConfigValue(.string(currency), isSecret: false)
        }
        if let simFields {
            let names = simFields.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard names.count == 2, !names[0].isEmpty, !names[1].isEmpty else {
                throw ValidationError("--sim-fields must be two field names: ICCID_FIELD,ACCOUNT_FIELD")
            }
            values["whmcs.simFields.iccid"] = ConfigValue(.string(names[0]), isSecret: false)
            values["whmcs.simFields.account"] = ConfigValue(.string(names[1]), isSecret: false)
        }
        return values
    }

    func todayDate(now: Date) throws -> LocalDate {
        if let today {
            guard today.utf8.count == 10, let date = LocalDate(today) else { throw ValidationError("--today must be a date YYYY-MM-DD") }
            return date
        }
        return JapanDate.today(now: now)
    }

    /// The mapping contexts: configuration overridden by these options.
    public func options(now: Date = Date()) async throws -> MapOptions {
        let reader = try await ConfigSources.reader(file: config, overrides: try overrides())
        let settings = try MappingSettings(config: reader)
        return MapOptions(
            whmcs: settings.whmcs(instance: instance),
            salesforce: settings.salesforce,
            pageSize: pageSize,
            today: try todayDate(now: now)
        )
    }

    public func run() async throws {
        let outcome = await MapOutcome(command: self, input: { try readInput() })
        if !outcome.standardOutput.isEmpty { FileHandle.standardOutput.write(outcome.standardOutput) }
        if !outcome.standardError.isEmpty { FileHandle.standardError.write(outcome.standardError) }
        if outcome.exitCode != 0 { throw ExitCode(outcome.exitCode) }
    }

    private func readInput() throws -> Data {
        if file == "-" { return FileHandle.standardInput.readDataToEndOfFile() }
        return try Data(contentsOf: URL(fileURLWithPath: file))
    }
}
