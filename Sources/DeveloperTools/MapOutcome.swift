import Foundation

/// What `portal-bff map` writes and how it exits, apart from the process, so that tests can read it.
public struct MapOutcome {
    public let standardOutput: Data
    public let standardError: Data
    public let exitCode: Int32

    public init(command: MapCommand, input: () throws -> Data, now: Date = Date()) {
        let result: Result<Data, PayloadMapper.Failure>
        do {
            let options = try command.options(now: now)
            let data = try input()
            result = PayloadMapper.map(data, as: command.kind, options: options)
        } catch let failure as PayloadMapper.Failure {
            result = .failure(failure)
        } catch {
            result = .failure(PayloadMapper.Failure(path: command.file, reason: "unreadable", detail: Self.describe(error)))
        }
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
