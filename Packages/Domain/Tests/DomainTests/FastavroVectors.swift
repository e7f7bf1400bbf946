import Domain
import Foundation

/// Test vectors encoded by fastavro (PyPI `fastavro`), printed by `scripts/avro-vectors.py`. There is no
/// skipping: without python3 or fastavro, loading them fails with what is missing (`scripts/test.sh`
/// installs fastavro).
struct FastavroVector: Sendable {
    let name: String
    let schemaText: String
    let schema: AvroSchema
    let datum: AvroValue
    let bytes: [UInt8]
}

enum FastavroVectors {
    struct Unavailable: Error, CustomStringConvertible {
        let description: String
    }

    static let script = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("scripts/avro-vectors.py")

    private static let missingLibrary: Int32 = 3

    /// Every vector, loaded once per test run.
    static let all: Result<[FastavroVector], Unavailable> = Result { () throws(Unavailable) in try load() }

    static func vector(named name: String) throws -> FastavroVector {
        guard let vector = try all.get().first(where: { $0.name == name }) else {
            throw Unavailable(description: "scripts/avro-vectors.py printed no vector named \"\(name)\"")
        }
        return vector
    }

    private static func load() throws(Unavailable) -> [FastavroVector] {
        let output = try run()
        var vectors: [FastavroVector] = []
        for line in output.split(separator: "\n") {
            do {
                vectors.append(try vector(from: String(line)))
            } catch {
                throw Unavailable(description: "scripts/avro-vectors.py printed a line the test cannot read (\(error)): \(line.prefix(200))")
            }
        }
        guard !vectors.isEmpty else { throw Unavailable(description: "scripts/avro-vectors.py printed no vectors") }
        return vectors
    }

    private static func run() throws(Unavailable) -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script.path]
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        do {
            try process.run()
        } catch {
            throw Unavailable(description: "python3 could not be started to run \(script.path): \(error)")
        }
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        let errors = String(decoding: stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        switch process.terminationStatus {
        case 0:
            return String(decoding: output, as: UTF8.self)
        case missingLibrary:
            throw Unavailable(
                description: "the Python package fastavro is not installed (scripts/test.sh installs it: python3 -m pip install fastavro)"
            )
        case 127:
            throw Unavailable(description: "python3 is not installed; the Avro reference vectors need python3 with fastavro")
        case let status:
            throw Unavailable(description: "scripts/avro-vectors.py failed (exit \(status)): \(errors.prefix(2000))")
        }
    }

    private static func vector(from line: String) throws -> FastavroVector {
        let fields = try ObjectFields(RawJSON.parse(line))
        let schemaText = try fields.string("schema")
        let schema = try AvroSchema.parse(schemaText)
        return FastavroVector(
            name: try fields.string("name"),
            schemaText: schemaText,
            schema: schema,
            datum: try DatumJSON.value(fields.value("datum"), as: schema),
            bytes: [UInt8](hex: try fields.string("hex"))
        )
    }

    private struct ObjectFields {
        let fields: [String: RawJSON]

        init(_ json: RawJSON) throws {
            guard case .object(let fields) = json else { throw Unavailable(description: "expected an object") }
            self.fields = fields
        }

        func value(_ key: String) throws -> RawJSON {
            guard let value = fields[key] else { throw Unavailable(description: "no \(key)") }
            return value
        }

        func string(_ key: String) throws -> String {
            guard case .string(let text) = try value(key) else { throw Unavailable(description: "\(key) is not a string") }
            return text
        }
    }
}

/// The datum of a vector as `AvroValue`, read the way fastavro reads a Python value with a schema: bytes
/// and fixed are `{"$bytes": "<hex>"}`, a union takes the first branch the value fits, map keys are in
/// code-point order.
enum DatumJSON {
    struct Mismatch: Error, CustomStringConvertible {
        let description: String
    }

    static func value(_ json: RawJSON, as schema: AvroSchema) throws -> AvroValue {
        switch (schema, json) {
        case (.null, .null): return .null
        case (.boolean, .bool(let flag)): return .boolean(flag)
        case (.int, .number(let literal)):
            guard let number = Int32(literal) else { throw Mismatch(description: "not an int: \(literal)") }
            return .int(number)
        case (.long, .number(let literal)):
            guard let number = Int64(literal) else { throw Mismatch(description: "not a long: \(literal)") }
            return .long(number)
        case (.float, .number(let literal)):
            guard let number = Double(literal) else { throw Mismatch(description: "not a float: \(literal)") }
            return .float(Float(number))
        case (.double, .number(let literal)):
            guard let number = Double(literal) else { throw Mismatch(description: "not a double: \(literal)") }
            return .double(number)
        case (.string, .string(let text)): return .string(text)
        case (.bytes, .object(let marker)):
            return .bytes(try bytes(marker))
        case (.fixed(let fixed), .object(let marker)):
            let bytes = try bytes(marker)
            guard bytes.count == fixed.size else { throw Mismatch(description: "\(bytes.count) bytes for \(fixed.name)") }
            return .bytes(bytes)
        case (.enumeration(let enumeration), .string(let symbol)):
            guard let index = enumeration.symbols.firstIndex(of: symbol) else { throw Mismatch(description: "no symbol \(symbol)") }
            return .enumeration(symbol: symbol, index: index)
        case (.array(let items), .array(let elements)):
            return .array(try elements.map { try value($0, as: items) })
        case (.map(let values), .object(let entries)):
            let ordered = entries.sorted { $0.key.unicodeScalars.lexicographicallyPrecedes($1.key.unicodeScalars) }
            return .map(try ordered.map { AvroValue.Entry($0.key, try value($0.value, as: values)) })
        case (.record(let record), .object(let fields)):
            guard Set(fields.keys) == Set(record.fields.map(\.name)) else {
                throw Mismatch(description: "fields \(fields.keys.sorted()) for \(record.name)")
            }
            return .record(try record.fields.map { AvroValue.Field($0.name, try value(fields[$0.name]!, as: $0.type)) })
        case (.union(let branches), _):
            for (index, branch) in branches.enumerated() {
                if let inner = try? value(json, as: branch) { return .union(branch: index, value: inner) }
            }
            throw Mismatch(description: "no branch fits \(json)")
        default:
            throw Mismatch(description: "\(json.typeName) for \(schema.typeName)")
        }
    }

    private static func bytes(_ marker: [String: RawJSON]) throws -> [UInt8] {
        guard marker.count == 1, case .string(let hex)? = marker["$bytes"] else {
            throw Mismatch(description: "expected {\"$bytes\": hex}")
        }
        return [UInt8](hex: hex)
    }
}
