import Foundation

/// Decodes one raw Avro binary datum (no container file header, no single-object marker) with its schema:
/// the `payload` of a Salesforce Pub/Sub event.
///
/// Every refusal is a `MappingError` whose path names the value being read (`orderId__c`, `items[2].sku`,
/// `$` for the datum itself): `outOfRange` when a number read from the input does not fit (an `int` beyond
/// 32 bits, a union branch or enum index the schema lacks, a length or block count beyond the bytes left,
/// nesting deeper than `maximumDepth`), `invalidValue` for any other malformed input (truncation, an
/// over-long varint, a boolean byte other than 0 or 1, text that is not UTF-8, bytes after the datum).
/// Nothing is allocated for a length or count before the input is known to hold it.
public struct AvroDecoder: Sendable {
    /// Values nested deeper than this (records, arrays, maps and unions each count) are refused.
    public static let maximumDepth = 64
    /// Array items that take no bytes (`null`, or records of them) are refused beyond this many per datum,
    /// as the input's length cannot bound them.
    public static let maximumEmptyItems = 65_536

    public let schema: AvroSchema

    public init(schema: AvroSchema) {
        self.schema = schema
    }

    public func decode(_ bytes: [UInt8]) throws(MappingError) -> AvroValue {
        var reader = AvroReader(bytes: bytes)
        let value = try reader.value(schema, path: .root, depth: 0)
        guard reader.remaining == 0 else {
            throw MappingError(path: "$", reason: .invalidValue, detail: "\(reader.remaining) bytes after the datum")
        }
        return value
    }

    public func decode(_ data: Data) throws(MappingError) -> AvroValue {
        try decode([UInt8](data))
    }
}

private struct AvroReader {
    let bytes: [UInt8]
    private var position = 0
    private var emptyItemsLeft = AvroDecoder.maximumEmptyItems

    init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    var remaining: Int { bytes.count - position }

    mutating func value(_ schema: AvroSchema, path: FieldPath, depth: Int) throws(MappingError) -> AvroValue {
        switch schema {
        case .null: return .null
        case .boolean: return .boolean(try boolean(path))
        case .int: return .int(try int(path))
        case .long: return .long(try varint(path, maximumBytes: 10))
        case .float: return .float(Float(bitPattern: UInt32(truncatingIfNeeded: try littleEndian(4, path))))
        case .double: return .double(Double(bitPattern: try littleEndian(8, path)))
        case .bytes: return .bytes(Array(try lengthPrefixed(path)))
        case .string: return .string(try string(path))
        case .fixed(let fixed): return .bytes(Array(try take(fixed.size, path)))
        case .enumeration(let enumeration):
            let index = try index(path, count: enumeration.symbols.count, of: "enum symbol")
            return .enumeration(symbol: enumeration.symbols[index], index: index)
        case .record(let record):
            try checkDepth(depth, path)
            var fields: [AvroValue.Field] = []
            fields.reserveCapacity(record.fields.count)
            for field in record.fields {
                fields.append(AvroValue.Field(field.name, try value(field.type, path: path.appending(field.name), depth: depth + 1)))
            }
            return .record(fields)
        case .union(let branches):
            try checkDepth(depth, path)
            let branch = try index(path, count: branches.count, of: "union branch")
            return .union(branch: branch, value: try value(branches[branch], path: path, depth: depth + 1))
        case .array(let items):
            try checkDepth(depth, path)
            return .array(try array(items, path: path, depth: depth + 1))
        case .map(let values):
            try checkDepth(depth, path)
            return .map(try map(values, path: path, depth: depth + 1))
        }
    }

    private func checkDepth(_ depth: Int, _ path: FieldPath) throws(MappingError) {
        guard depth < AvroDecoder.maximumDepth else {
            throw MappingError(path: path.rendered(), reason: .outOfRange, detail: "nested deeper than \(AvroDecoder.maximumDepth)")
        }
    }

    // MARK: Primitives

    private mutating func take(_ count: Int, _ path: FieldPath) throws(MappingError) -> ArraySlice<UInt8> {
        guard count <= remaining else {
            throw MappingError(
                path: path.rendered(),
                reason: .invalidValue,
                detail: "the datum ends inside the value (\(count) bytes needed, \(remaining) left)"
            )
        }
        defer { position += count }
        return bytes[position..<(position + count)]
    }

    private mutating func byte(_ path: FieldPath) throws(MappingError) -> UInt8 {
        guard position < bytes.count else {
            throw MappingError(path: path.rendered(), reason: .invalidValue, detail: "the datum ends inside the value")
        }
        defer { position += 1 }
        return bytes[position]
    }

    private mutating func boolean(_ path: FieldPath) throws(MappingError) -> Bool {
        switch try byte(path) {
        case 0: return false
        case 1: return true
        case let other: throw MappingError(path: path.rendered(), reason: .invalidValue, detail: "a boolean is 0 or 1, found \(other)")
        }
    }

    /// A zig-zag varint of at most `maximumBytes` bytes (5 for an `int`, 10 for a `long`).
    private mutating func varint(_ path: FieldPath, maximumBytes: Int) throws(MappingError) -> Int64 {
        var encoded: UInt64 = 0
        for index in 0..<maximumBytes {
            let byte = try byte(path)
            let payload = UInt64(byte & 0x7F)
            guard index < 9 || payload <= 1 else {
                throw MappingError(path: path.rendered(), reason: .invalidValue, detail: "the varint overflows 64 bits")
            }
            encoded |= payload << (7 * UInt64(index))
            if byte & 0x80 == 0 {
                return Int64(bitPattern: encoded >> 1) ^ -Int64(bitPattern: encoded & 1)
            }
        }
        throw MappingError(path: path.rendered(), reason: .invalidValue, detail: "a varint longer than \(maximumBytes) bytes")
    }

    private mutating func int(_ path: FieldPath) throws(MappingError) -> Int32 {
        let value = try varint(path, maximumBytes: 5)
        guard let int = Int32(exactly: value) else {
            throw MappingError(path: path.rendered(), reason: .outOfRange, detail: "\(value) does not fit an int")
        }
        return int
    }

    private mutating func littleEndian(_ count: Int, _ path: FieldPath) throws(MappingError) -> UInt64 {
        var value: UInt64 = 0
        for (shift, byte) in try take(count, path).enumerated() {
            value |= UInt64(byte) << (8 * UInt64(shift))
        }
        return value
    }

    private mutating func index(_ path: FieldPath, count: Int, of what: String) throws(MappingError) -> Int {
        let index = Int(try int(path))
        guard (0..<count).contains(index) else {
            throw MappingError(path: path.rendered(), reason: .outOfRange, detail: "\(what) \(index) of \(count)")
        }
        return index
    }

    /// A non-negative `long` counting bytes that the input must still hold.
    private mutating func length(_ path: FieldPath) throws(MappingError) -> Int {
        let length = try varint(path, maximumBytes: 10)
        guard length >= 0 else { throw MappingError(path: path.rendered(), reason: .invalidValue, detail: "negative length \(length)") }
        guard length <= remaining else {
            throw MappingError(path: path.rendered(), reason: .outOfRange, detail: "length \(length) is beyond the \(remaining) bytes left")
        }
        return Int(length)
    }

    private mutating func lengthPrefixed(_ path: FieldPath) throws(MappingError) -> ArraySlice<UInt8> {
        try take(length(path), path)
    }

    private mutating func string(_ path: FieldPath) throws(MappingError) -> String {
        let slice = try lengthPrefixed(path)
        let text = slice.withUnsafeBufferPointer { String(validating: $0, as: UTF8.self) }
        guard let text else { throw MappingError(path: path.rendered(), reason: .invalidValue, detail: "text is not valid UTF-8") }
        return text
    }

    // MARK: Blocks

    /// A block's item count, or nil at the closing block. A negative count is followed by the block's byte
    /// size, which is checked against the input and returned so the block's end can be checked too.
    private mutating func block(_ path: FieldPath, itemsTakeBytes: Bool) throws(MappingError) -> (count: Int, end: Int?)? {
        var count = try varint(path, maximumBytes: 10)
        if count == 0 { return nil }
        var end: Int?
        if count < 0 {
            guard count != .min else { throw MappingError(path: path.rendered(), reason: .outOfRange, detail: "block count \(count)") }
            count = -count
            let size = try length(path)
            end = position + size
        }
        if itemsTakeBytes {
            guard count <= remaining else {
                throw MappingError(
                    path: path.rendered(),
                    reason: .outOfRange,
                    detail: "block of \(count) items is beyond the \(remaining) bytes left"
                )
            }
        } else {
            guard count <= emptyItemsLeft else {
                throw MappingError(
                    path: path.rendered(),
                    reason: .outOfRange,
                    detail: "more than \(AvroDecoder.maximumEmptyItems) items that take no bytes"
                )
            }
            emptyItemsLeft -= Int(count)
        }
        return (Int(count), end)
    }

    private func checkBlockEnd(_ end: Int?, _ path: FieldPath) throws(MappingError) {
        guard let end, end != position else { return }
        throw MappingError(path: path.rendered(), reason: .invalidValue, detail: "a block's byte size says \(end), its items end at \(position)")
    }

    private mutating func array(_ items: AvroSchema, path: FieldPath, depth: Int) throws(MappingError) -> [AvroValue] {
        var elements: [AvroValue] = []
        let itemsTakeBytes = !items.encodesToNothing
        while let block = try block(path, itemsTakeBytes: itemsTakeBytes) {
            elements.reserveCapacity(elements.count + block.count)
            for _ in 0..<block.count {
                elements.append(try value(items, path: path.appending(index: elements.count), depth: depth))
            }
            try checkBlockEnd(block.end, path)
        }
        return elements
    }

    private mutating func map(_ values: AvroSchema, path: FieldPath, depth: Int) throws(MappingError) -> [AvroValue.Entry] {
        var entries: [AvroValue.Entry] = []
        while let block = try block(path, itemsTakeBytes: true) {
            entries.reserveCapacity(entries.count + block.count)
            for _ in 0..<block.count {
                let key = try string(path)
                entries.append(AvroValue.Entry(key, try value(values, path: path.appending(key), depth: depth)))
            }
            try checkBlockEnd(block.end, path)
        }
        return entries
    }
}

extension AvroSchema {
    /// Whether a value of this type can take no bytes at all: `null`, a zero-size `fixed`, or a record of such.
    fileprivate var encodesToNothing: Bool {
        switch self {
        case .null: true
        case .fixed(let fixed): fixed.size == 0
        case .record(let record): record.fields.allSatisfy(\.type.encodesToNothing)
        default: false
        }
    }
}
