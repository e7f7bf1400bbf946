import ArgumentParser
import Domain
import Foundation

/// `portal-bff map KIND FILE`: shows what the BFF makes of a raw provider payload.
public struct MapCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "map",
        abstract: "Map a raw provider payload to its domain value and print it as JSON.",
        discussion: """
            Prints the domain value (sorted keys) on stdout and exits 0, or prints
            {"error":{"path":…,"reason":…,"detail":…}} on stderr and exits 1. A provider's own error answer
            is reported with reason "upstreamError".
            """
    )

    @Argument(help: "The payload kind: \(PayloadKind.allCases.map(\.rawValue).joined(separator: ", ")).")
    public var kind: PayloadKind

    @Argument(help: "The payload file, or - for standard input.")
    public var file: String

    @Option(help: "Currency of amounts whose payload names none (ISO 4217).")
    public var currency: String = "JPY"

    @Option(name: .customLong("sim-fields"), help: "WHMCS custom field names holding the SIM's ICCID and line number: ICCID_FIELD,ACCOUNT_FIELD.")
    public var simFields: String = "ICCID,MSISDN"

    @Option(name: .customLong("page-size"), help: "The page size a GetInvoices request asked for (whmcs.invoices).")
    public var pageSize: Int = 25

    @Option(help: "The WHMCS instance a webhook came from (whmcs.event).")
    public var instance: String = "default"

    @Option(help: "Today's date in Japan, YYYY-MM-DD, for freebit.usage (default: the current date).")
    public var today: String?

    public init() {}

    public func validate() throws {
        _ = try options()
    }

    /// The options as a mapping context; throws a `ValidationError` naming the bad option.
    public func options(now: Date = Date()) throws -> MapOptions {
        guard let currency = CurrencyCode(currency) else { throw ValidationError("--currency must be a 3-letter ISO 4217 code") }
        let names = simFields.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        guard names.count == 2, !names[0].isEmpty, !names[1].isEmpty else {
            throw ValidationError("--sim-fields must be two field names: ICCID_FIELD,ACCOUNT_FIELD")
        }
        guard pageSize > 0 else { throw ValidationError("--page-size must be at least 1") }
        guard !instance.isEmpty else { throw ValidationError("--instance must not be empty") }
        let todayDate: LocalDate
        if let today {
            guard today.utf8.count == 10, let date = LocalDate(today) else { throw ValidationError("--today must be a date YYYY-MM-DD") }
            todayDate = date
        } else {
            guard let date = Self.dateInJapan(now) else { throw ValidationError("the current date is outside years 1-9999") }
            todayDate = date
        }
        return MapOptions(
            currency: currency, simFields: SimFieldNames(iccid: names[0], account: names[1]), pageSize: pageSize,
            instance: instance, today: todayDate)
    }

    static func dateInJapan(_ now: Date) -> LocalDate? {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .japan
        let parts = calendar.dateComponents([.year, .month, .day], from: now)
        guard let year = parts.year, let month = parts.month, let day = parts.day else { return nil }
        return LocalDate(year: year, month: month, day: day)
    }

    public func run() throws {
        let outcome = MapOutcome(command: self, input: { try readInput() })
        if !outcome.standardOutput.isEmpty { FileHandle.standardOutput.write(outcome.standardOutput) }
        if !outcome.standardError.isEmpty { FileHandle.standardError.write(outcome.standardError) }
        if outcome.exitCode != 0 { throw ExitCode(outcome.exitCode) }
    }

    private func readInput() throws -> Data {
        if file == "-" { return FileHandle.standardInput.readDataToEndOfFile() }
        return try Data(contentsOf: URL(fileURLWithPath: file))
    }
}
