extension AvroSchema {
    /// A schema whose named-type references expand to more types than this is refused: references are
    /// resolved into a tree, and a tree that size is far beyond any event definition.
    public static let maximumSize = 10_000

    /// Parses a schema's JSON text (what the Pub/Sub API's `GetSchema` returns). A schema that is not valid
    /// Avro throws a `MappingError` whose path points into the schema, e.g. `fields[2].type`.
    public static func parse(_ text: String) throws(MappingError) -> AvroSchema {
        try parse(RawJSON.parse(text))
    }

    public static func parse(_ json: RawJSON) throws(MappingError) -> AvroSchema {
        var parser = AvroSchemaParser()
        return try parser.schema(json, path: .root, namespace: nil)
    }
}

private struct AvroSchemaParser {
    private static let primitives: [String: AvroSchema] = [
        "null": .null, "boolean": .boolean, "int": .int, "long": .long,
        "float": .float, "double": .double, "bytes": .bytes, "string": .string,
    ]

    /// Named types defined so far, by full name, with how many types each expands to.
    private var named: [String: (schema: AvroSchema, size: Int)] = [:]
    /// Named types being defined, whose references would make the schema recursive.
    private var defining: Set<String> = []
    private var size = 0

    mutating func schema(_ json: RawJSON, path: FieldPath, namespace: String?) throws(MappingError) -> AvroSchema {
        switch json {
        case .string(let name):
            return try reference(name, path: path, namespace: namespace)
        case .array(let branches):
            return try union(branches, path: path, namespace: namespace)
        case .object(let attributes):
            return try complex(attributes, path: path, namespace: namespace)
        default:
            throw MappingError(
                path: path.rendered(),
                reason: .wrongType,
                detail: "expected a type name, a union or an object, found \(json.typeName)"
            )
        }
    }

    private mutating func count(_ nodes: Int, path: FieldPath) throws(MappingError) {
        size += nodes
        guard size <= AvroSchema.maximumSize else {
            throw MappingError(path: path.rendered(), reason: .outOfRange, detail: "the schema expands to more than \(AvroSchema.maximumSize) types")
        }
    }

    private mutating func reference(_ name: String, path: FieldPath, namespace: String?) throws(MappingError) -> AvroSchema {
        if let primitive = Self.primitives[name] {
            try count(1, path: path)
            return primitive
        }
        let candidates = name.contains(".") ? [name] : [namespace.map { "\($0).\(name)" }, name].compactMap { $0 }
        for candidate in candidates {
            if let definition = named[candidate] {
                try count(definition.size, path: path)
                return definition.schema
            }
            if defining.contains(candidate) {
                throw MappingError(path: path.rendered(), reason: .invalidValue, detail: "recursive reference to \(candidate) is not supported")
            }
        }
        throw MappingError(path: path.rendered(), reason: .invalidValue, detail: "unknown type \(name.prefix(80))")
    }

    private mutating func union(_ branches: [RawJSON], path: FieldPath, namespace: String?) throws(MappingError) -> AvroSchema {
        guard !branches.isEmpty else { throw MappingError(path: path.rendered(), reason: .invalidValue, detail: "a union needs a branch") }
        try count(1, path: path)
        var schemas: [AvroSchema] = []
        var seen: Set<String> = []
        for (index, branch) in branches.enumerated() {
            let branchPath = path.appending(index: index)
            let schema = try schema(branch, path: branchPath, namespace: namespace)
            if case .union = schema {
                throw MappingError(path: branchPath.rendered(), reason: .invalidValue, detail: "a union may not hold a union")
            }
            let key = schema.name?.fullName ?? schema.typeName
            guard seen.insert(key).inserted else {
                throw MappingError(path: branchPath.rendered(), reason: .invalidValue, detail: "the union already holds \(key)")
            }
            schemas.append(schema)
        }
        return .union(schemas)
    }

    private mutating func complex(_ attributes: [String: RawJSON], path: FieldPath, namespace: String?) throws(MappingError) -> AvroSchema {
        let typePath = path.appending("type")
        switch attributes["type"] {
        case nil:
            throw MappingError(path: typePath.rendered(), reason: .missing, detail: "a schema object needs a type")
        case .string("record")?, .string("error")?:
            return try record(attributes, path: path, namespace: namespace)
        case .string("enum")?:
            let definition = try beginDefinition(attributes, path: path, namespace: namespace)
            let symbols = try Self.symbols(attributes["symbols"], path: path.appending("symbols"))
            return endDefinition(definition, .enumeration(AvroSchema.Enumeration(name: definition.name, symbols: symbols)))
        case .string("fixed")?:
            let definition = try beginDefinition(attributes, path: path, namespace: namespace)
            let size = try Self.fixedSize(attributes["size"], path: path.appending("size"))
            return endDefinition(definition, .fixed(AvroSchema.Fixed(name: definition.name, size: size)))
        case .string("array")?:
            try count(1, path: path)
            let items = try schema(Self.required(attributes, "items", path: path), path: path.appending("items"), namespace: namespace)
            return .array(items: items)
        case .string("map")?:
            try count(1, path: path)
            let values = try schema(Self.required(attributes, "values", path: path), path: path.appending("values"), namespace: namespace)
            return .map(values: values)
        case let type?:
            return try schema(type, path: typePath, namespace: namespace)
        }
    }

    private static func required(_ attributes: [String: RawJSON], _ key: String, path: FieldPath) throws(MappingError) -> RawJSON {
        guard let value = attributes[key] else {
            throw MappingError(path: path.rendered(with: key), reason: .missing, detail: "required attribute is absent")
        }
        return value
    }

    private mutating func record(_ attributes: [String: RawJSON], path: FieldPath, namespace: String?) throws(MappingError) -> AvroSchema {
        let definition = try beginDefinition(attributes, path: path, namespace: namespace)
        let fieldsPath = path.appending("fields")
        guard case .array(let elements) = try Self.required(attributes, "fields", path: path) else {
            throw MappingError(path: fieldsPath.rendered(), reason: .wrongType, detail: "expected a list of fields")
        }
        var fields: [AvroSchema.Record.Field] = []
        var seen: Set<String> = []
        for (index, element) in elements.enumerated() {
            let fieldPath = fieldsPath.appending(index: index)
            guard case .object(let field) = element else {
                throw MappingError(path: fieldPath.rendered(), reason: .wrongType, detail: "expected a field object, found \(element.typeName)")
            }
            let fieldName = try Self.simpleName(field["name"], path: fieldPath.appending("name"))
            guard seen.insert(fieldName).inserted else {
                throw MappingError(path: fieldPath.rendered(with: "name"), reason: .invalidValue, detail: "duplicate field \(fieldName)")
            }
            let type = try Self.required(field, "type", path: fieldPath)
            let schema = try schema(type, path: fieldPath.appending("type"), namespace: definition.name.namespace)
            fields.append(AvroSchema.Record.Field(name: fieldName, type: schema))
        }
        return endDefinition(definition, .record(AvroSchema.Record(name: definition.name, fields: fields)))
    }

    private struct Definition {
        let name: AvroSchema.Name
        let sizeBefore: Int
    }

    /// Starts defining a named type: resolves and checks its full name, which references may not use until
    /// `endDefinition` registers the finished type.
    private mutating func beginDefinition(
        _ attributes: [String: RawJSON],
        path: FieldPath,
        namespace enclosing: String?
    ) throws(MappingError) -> Definition {
        let name = try Self.fullName(attributes, path: path, enclosing: enclosing)
        guard named[name.fullName] == nil, !defining.contains(name.fullName) else {
            throw MappingError(path: path.rendered(with: "name"), reason: .invalidValue, detail: "\(name.fullName) is defined twice")
        }
        let definition = Definition(name: name, sizeBefore: size)
        try count(1, path: path)
        defining.insert(name.fullName)
        return definition
    }

    private mutating func endDefinition(_ definition: Definition, _ schema: AvroSchema) -> AvroSchema {
        defining.remove(definition.name.fullName)
        named[definition.name.fullName] = (schema, size - definition.sizeBefore)
        return schema
    }

    private static func fullName(_ attributes: [String: RawJSON], path: FieldPath, enclosing: String?) throws(MappingError) -> AvroSchema.Name {
        let namePath = path.appending("name")
        guard case .string(let text)? = attributes["name"] else {
            throw MappingError(
                path: namePath.rendered(),
                reason: attributes["name"] == nil ? .missing : .wrongType,
                detail: "a named type needs a name"
            )
        }
        var components = text.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        let name = components.removeLast()
        let namespace: String?
        if !components.isEmpty {
            namespace = components.joined(separator: ".")
        } else {
            switch attributes["namespace"] {
            case nil, .null?: namespace = enclosing
            case .string(let declared)?:
                namespace = declared.isEmpty ? nil : declared
                components = declared.isEmpty ? [] : declared.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            case let other?:
                throw MappingError(path: path.rendered(with: "namespace"), reason: .wrongType, detail: "expected text, found \(other.typeName)")
            }
        }
        for component in components + [name] where !Self.isValidName(component) {
            throw MappingError(path: namePath.rendered(), reason: .invalidValue, detail: "not a valid Avro name: \(text.prefix(80))")
        }
        guard Self.primitives[name] == nil || namespace != nil else {
            throw MappingError(path: namePath.rendered(), reason: .invalidValue, detail: "\(name) is a primitive type's name")
        }
        return AvroSchema.Name(name: name, namespace: namespace)
    }

    private static func simpleName(_ json: RawJSON?, path: FieldPath) throws(MappingError) -> String {
        guard case .string(let name)? = json else {
            throw MappingError(path: path.rendered(), reason: json == nil ? .missing : .wrongType, detail: "expected a name")
        }
        guard Self.isValidName(name) else {
            throw MappingError(path: path.rendered(), reason: .invalidValue, detail: "not a valid Avro name: \(name.prefix(80))")
        }
        return name
    }

    private static func symbols(_ json: RawJSON?, path: FieldPath) throws(MappingError) -> [String] {
        guard case .array(let elements)? = json else {
            throw MappingError(path: path.rendered(), reason: json == nil ? .missing : .wrongType, detail: "expected a list of symbols")
        }
        var symbols: [String] = []
        for (index, element) in elements.enumerated() {
            let symbol = try simpleName(element, path: path.appending(index: index))
            guard !symbols.contains(symbol) else {
                throw MappingError(path: path.appending(index: index).rendered(), reason: .invalidValue, detail: "duplicate symbol \(symbol)")
            }
            symbols.append(symbol)
        }
        return symbols
    }

    private static func fixedSize(_ json: RawJSON?, path: FieldPath) throws(MappingError) -> Int {
        guard case .number(let literal)? = json else {
            throw MappingError(path: path.rendered(), reason: json == nil ? .missing : .wrongType, detail: "expected a size")
        }
        guard let size = Int(literal), size >= 0 else {
            throw MappingError(path: path.rendered(), reason: .invalidValue, detail: "not a size: \(literal.prefix(40))")
        }
        return size
    }

    /// `[A-Za-z_][A-Za-z0-9_]*`, the specification's rule for a name or a namespace component.
    private static func isValidName(_ name: String) -> Bool {
        guard let first = name.utf8.first, first == UInt8(ascii: "_") || isLetter(first) else { return false }
        return name.utf8.allSatisfy { $0 == UInt8(ascii: "_") || isLetter($0) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
    }

    private static func isLetter(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
    }
}
