import ArgumentParser
import Foundation
import Hummingbird

/// `portal-bff serve-static --file F`: a bare Hummingbird server that answers every GET with the file's
/// bytes from memory: no middleware, no auth, no cache. It is the baseline `make bench-http` measures the
/// BFF against, built from the same Hummingbird in the same binary.
public struct ServeStaticCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "serve-static",
        abstract: "Serve one file's bytes to every GET (the benchmarks' baseline).",
        shouldDisplay: false
    )

    @Option(help: "The file whose bytes every GET answers with.")
    public var file: String

    @Option(help: "The loopback port to listen on.")
    public var port: Int

    public init() {}

    public func validate() throws {
        guard (1...65535).contains(port) else { throw ValidationError("--port must be 1...65535") }
    }

    public func run() async throws {
        guard let data = FileManager.default.contents(atPath: file) else { throw ValidationError("cannot read \(file)") }
        let body = ByteBuffer(bytes: data)
        let router = Router()
        router.get("**") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: body))
        }
        try await Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: port))).runService()
    }
}
