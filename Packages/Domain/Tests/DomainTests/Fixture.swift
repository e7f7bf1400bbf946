import Domain
import Foundation

/// Payloads shaped like what each provider really sends, kept under `Fixtures/PROVIDER/NAME.json`.
enum Fixture {
    static func data(_ name: String) throws -> Data {
        guard let url = Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Fixtures") else {
            throw FixtureMissing(name: name)
        }
        return try Data(contentsOf: url)
    }

    static func raw(_ name: String) throws -> RawJSON {
        try RawJSON.parse(data(name))
    }

    /// Every fixture, by name, for tests that run over all of them.
    static func all() throws -> [(name: String, data: Data)] {
        guard let root = Bundle.module.url(forResource: "Fixtures", withExtension: nil) else { throw FixtureMissing(name: "Fixtures") }
        let files = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)?.compactMap { $0 as? URL } ?? []
        return try files.filter { $0.pathExtension == "json" }.sorted { $0.path < $1.path }.map { url in
            (String(url.path.dropFirst(root.path.count + 1).dropLast(5)), try Data(contentsOf: url))
        }
    }

    struct FixtureMissing: Error {
        let name: String
    }
}

extension WhmcsMappingContext {
    static let test = WhmcsMappingContext(instance: "brand-a")
}

extension SalesforceMappingContext {
    static let test = SalesforceMappingContext()
}
