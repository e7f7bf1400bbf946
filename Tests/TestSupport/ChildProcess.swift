import Foundation

/// What a finished child process left: its exit status, standard output and standard error.
public struct ChildProcessResult: Sendable {
    public let status: Int32
    public let output: Data
    public let error: String

    public var outputText: String { String(decoding: output, as: UTF8.self) }
}

/// Runs `executable` with `arguments` (in `directory`, with `input` on its standard input) to its end.
public func runChildProcess(_ executable: URL, _ arguments: [String], input: Data? = nil, directory: URL? = nil) throws -> ChildProcessResult {
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    if let directory { process.currentDirectoryURL = directory }
    let stdin = Pipe()
    let stdout = Pipe()
    let stderr = Pipe()
    if input != nil { process.standardInput = stdin }
    process.standardOutput = stdout
    process.standardError = stderr
    try process.run()
    if let input {
        stdin.fileHandleForWriting.write(input)
        try stdin.fileHandleForWriting.close()
    }
    let output = stdout.fileHandleForReading.readDataToEndOfFile()
    let error = stderr.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return ChildProcessResult(status: process.terminationStatus, output: output, error: String(decoding: error, as: UTF8.self))
}
