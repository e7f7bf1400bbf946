/// Encodes an `AvroValue` as a raw Avro binary datum of its schema: the inverse of `AvroDecoder`, for
/// producing event payloads (the Pub/Sub simulator's `Publish`, tests).
///
/// A value that does not fit the schema is refused with a `MappingError` naming its path: `wrongType`
/// for a value of another kind, `missing` for a record field the value lacks, `invalidValue` for a field
/// the schema lacks, an enum symbol whose index is not its position, or `bytes` of the wrong size for a
/// `fixed`; `outOfRange` for a union branch the schema lacks or nesting deeper than
/// `AvroDecoder.maximumDepth`. A value for a union that is not wrapped in `.union` takes the first branch
/// it fits. Arrays and maps are written as one block, followed by the closing empty block.
public struct AvroEncoder: Sendable {
    public let schema: AvroSchema

    public init(schema: AvroSchema) {
        self.schema = schema
    }

    public func encode(_ value: AvroValue) throws(MappingError) -> [UInt8] {
        var writer = AvroWriter()
        try writer.write(value, as: schema, path: .root, depth: 0)
        return writer.bytes
    }
}

private struct AvroWriter {
    var bytes: [UInt8] = []

    mutating func write(_ value: AvroValue, as schema: AvroSchema, path: FieldPath, depth: Int) throws(MappingError) {
        switch (schema, value) {
        case (.null, .null): break
        case (.boolean, .boolean(let flag)): bytes.append(flag ? 1 : 0)
        case (.int, .int(let number)): writeVarint(Int64(number))
        case (.long, .long(let number)): writeVarint(number)
        case (.float, .float(let number)): writeLittleEndian(UInt64(number.bitPattern), count: 4)
        case (.double, .double(let number)): writeLittleEndian(number.bitPattern, count: 8)
        case (.bytes, .bytes(let data)):
            writeVarint(Int64(data.count))
            bytes.append(contentsOf: data)
        case (.string, .string(let text)):
            writeVarint(Int64(text.utf8.count))
            bytes.append(contentsOf: text.utf8)
        case (.fixed(let fixed), .bytes(let data)):
            guard data.count == fixed.size else {
                throw MappingError(
                    path: path.rendered(),
                    reason: .invalidValue,
                    detail: "\(fixed.name) holds \(fixed.size) bytes, found \(data.count)"
                )
            }
            bytes.append(contentsOf: data)
        case (.enumeration(let enumeration), .enumeration(let symbol, let index)):
            guard enumeration.symbols.indices.contains(index), enumeration.symbols[index] == symbol else {
                throw MappingError(path: path.rendered(), reason: .invalidValue, detail: "\(symbol) is not symbol \(index) of \(enumeration.name)")
            }
            writeVarint(Int64(index))
        case (.record(let record), .record(let fields)):
            try checkDepth(depth, path)
            try writeRecord(record, fields, path: path, depth: depth)
        case (.array(let items), .array(let elements)):
            try checkDepth(depth, path)
            if !elements.isEmpty {
                writeVarint(Int64(elements.count))
                for (index, element) in elements.enumerated() {
                    try write(element, as: items, path: path.appending(index: index), depth: depth + 1)
                }
            }
            writeVarint(0)
        case (.map(let values), .map(let entries)):
            try checkDepth(depth, path)
            if !entries.isEmpty {
                writeVarint(Int64(entries.count))
                for entry in entries {
                    try write(.string(entry.key), as: .string, path: path, depth: depth + 1)
                    try write(entry.value, as: values, path: path.appending(entry.key), depth: depth + 1)
                }
            }
            writeVarint(0)
        case (.union(let branches), .union(let branch, let inner)):
            try checkDepth(depth, path)
            guard branches.indices.contains(branch) else {
                throw MappingError(path: path.rendered(), reason: .outOfRange, detail: "union branch \(branch) of \(branches.count)")
            }
            writeVarint(Int64(branch))
            try write(inner, as: branches[branch], path: path, depth: depth + 1)
        case (.union(let branches), _):
            try checkDepth(depth, path)
            try writeFirstFitting(value, branches, path: path, depth: depth)
        default:
            throw MappingError(path: path.rendered(), reason: .wrongType, detail: "expected \(schema.typeName), found \(value.kindName)")
        }
    }

    private func checkDepth(_ depth: Int, _ path: FieldPath) throws(MappingError) {
        guard depth < AvroDecoder.maximumDepth else {
            throw MappingError(path: path.rendered(), reason: .outOfRange, detail: "nested deeper than \(AvroDecoder.maximumDepth)")
        }
    }

    private mutating func writeRecord(_ record: AvroSchema.Record, _ fields: [AvroValue.Field], path: FieldPath, depth: Int) throws(MappingError) {
        for field in fields where !record.fields.contains(where: { $0.name == field.name }) {
            throw MappingError(path: path.rendered(with: field.name), reason: .invalidValue, detail: "\(record.name) has no such field")
        }
        for field in record.fields {
            let matching = fields.filter { $0.name == field.name }
            guard let value = matching.first else {
                throw MappingError(path: path.rendered(with: field.name), reason: .missing, detail: "the value lacks the field")
            }
            guard matching.count == 1 else {
                throw MappingError(path: path.rendered(with: field.name), reason: .invalidValue, detail: "the value holds the field twice")
            }
            try write(value.value, as: field.type, path: path.appending(field.name), depth: depth + 1)
        }
    }

    private mutating func writeFirstFitting(_ value: AvroValue, _ branches: [AvroSchema], path: FieldPath, depth: Int) throws(MappingError) {
        for (index, branch) in branches.enumerated() {
            var attempt = AvroWriter()
            attempt.writeVarint(Int64(index))
            do {
                try attempt.write(value, as: branch, path: path, depth: depth + 1)
            } catch {
                continue
            }
            bytes.append(contentsOf: attempt.bytes)
            return
        }
        let names = branches.map { $0.name?.fullName ?? $0.typeName }.joined(separator: ", ")
        throw MappingError(path: path.rendered(), reason: .wrongType, detail: "no branch of [\(names)] fits a \(value.kindName)")
    }

    private mutating func writeVarint(_ value: Int64) {
        var encoded = UInt64(bitPattern: (value << 1) ^ (value >> 63))
        while encoded >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: encoded) | 0x80)
            encoded >>= 7
        }
        bytes.append(UInt8(encoded))
    }

    private mutating func writeLittleEndian(_ value: UInt64, count: Int) {
        for index in 0..<count {
            bytes.append(UInt8(truncatingIfNeeded: value >> (8 * UInt64(index))))
        }
    }
}
