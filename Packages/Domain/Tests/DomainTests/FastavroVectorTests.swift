import Domain
import Testing

/// The decoder and encoder against bytes written by fastavro, an implementation that is not ours
/// (`scripts/avro-vectors.py`). Without python3 and fastavro these tests fail, naming what is missing.
@Suite("Avro against fastavro")
struct FastavroVectorTests {
    @Test func fastavroPrintsEveryKindOfVector() throws {
        let vectors = try FastavroVectors.all.get()
        let kinds = Set(vectors.map(\.schema.typeName))
        #expect(
            kinds.isSuperset(of: [
                "null", "boolean", "int", "long", "float", "double", "bytes", "string", "record", "enum", "array", "map", "union", "fixed",
            ])
        )
        #expect(vectors.count >= 40)
    }

    @Test func everyFastavroEncodingDecodesToItsDatum() throws {
        for vector in try FastavroVectors.all.get() {
            let decoded = try AvroDecoder(schema: vector.schema).decode(vector.bytes)
            #expect(decoded == vector.datum, "\(vector.name)")
            if case .float(let float) = decoded, case .float(let expected) = vector.datum {
                #expect(float.bitPattern == expected.bitPattern, "\(vector.name): sign of zero")
            }
            if case .double(let double) = decoded, case .double(let expected) = vector.datum {
                #expect(double.bitPattern == expected.bitPattern, "\(vector.name): sign of zero")
            }
        }
    }

    @Test func everyDatumEncodesToFastavrosBytes() throws {
        for vector in try FastavroVectors.all.get() {
            #expect(try AvroEncoder(schema: vector.schema).encode(vector.datum).hex == vector.bytes.hex, "\(vector.name)")
        }
    }
}
