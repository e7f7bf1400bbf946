import Foundation
import PortalApplication
import PortalServe

/// What `portal-bff map` writes and how it exits, apart from the process, so that tests can read it.
public struct MapOutcome {
    public let standardOutput: Data
    public let standardError: Data
    public let exitCode: Int32

    public init(command: MapCommand, input: () throws -> Data, now: Date = Date()) async {
        self.init(await Self.result(command: command, input: input, now: now))
    }

    private static func result(command: MapCommand, input: () throws -> Data, now: Date) async -> Result<Data, PayloadMapper.Failure> {
        let options: MapOptions
        do {
            options = try await command.options(now: now)
        } catch {
            let source = command.config ?? ConfigSources.defaultFile
            return .failure(PayloadMapper.Failure(path: source, reason: "badConfiguration", detail: String(describing: error)))
        }
        let data: Data
        do {
            data = try input()
        } catch {
            return .failure(PayloadMapper.Failure(path: command.file, reason: "unreadable", detail: describe(error)))
        }
        return PayloadMapper.map(data, as: command.kind, options: options)
    }

    private init(_ result: Result<Data, PayloadMapper.Failure>) {
        switch result {
        case .success(let json):
            standardOutput = json + Data("\n".utf8)
            standardError = Data()
            exitCode = 0
        case .failure(let failure):
            standardOutput = Data()
            standardError = ((try? PayloadMapper.encodeError(failure)) ?? Data()) + Data("\n".utf8)
            exitCode = 1
        }
    }

    private static func describe(_ error: any Error) -> String {
        if let error = error as? CocoaError, let path = error.userInfo[NSFilePathErrorKey] as? String {
            return "cannot read \(path)"
        }
        return String(describing: error)
    }
}

extension PayloadMapper {
    /// `{"error": {"path", "reason", "detail"}}` on one line.
    static func encodeError(_ failure: Failure) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(["error": failure])
    }
}
