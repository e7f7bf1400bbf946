import Foundation
import Testing

/// The sandbox imitates the clients' upstreams, so it must share no code with them: a bug shared by client
/// and fake would pass every test.
@Suite("The sandbox stands apart from the clients")
struct SandboxIndependenceTests {
    static let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Sources/PortalSandbox")

    @Test func noSourceOfTheSandboxImportsAModuleOfThePortal() throws {
        let files = try #require(FileManager.default.enumerator(at: Self.sources, includingPropertiesForKeys: nil))
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" }
        #expect(files.count > 10, "found the sandbox's sources at \(Self.sources.path)")
        for file in files {
            let imports = try String(contentsOf: file, encoding: .utf8).split(separator: "\n").filter { line in
                line.split(separator: " ").drop { $0.hasPrefix("@") || ["public", "package", "internal"].contains($0) }
                    .starts(with: ["import"]) && line.contains(" Portal")
            }
            #expect(imports.isEmpty, "\(file.lastPathComponent) imports \(imports)")
        }
    }
}
