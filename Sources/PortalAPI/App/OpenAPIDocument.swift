import Foundation
import Hummingbird

/// The portal API's OpenAPI 3.1 document, kept beside the code (`Resources/openapi.json`) and served as is.
public enum OpenAPIDocument {
    /// The document's bytes; empty only if the resource is missing from the build, which a test rules out.
    public static let data: Data = {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "json") else { return Data() }
        return (try? Data(contentsOf: url)) ?? Data()
    }()

    static func response() -> Response {
        Response(
            status: .ok,
            headers: [.contentType: "application/json; charset=utf-8", .cacheControl: "public, max-age=300"],
            body: .init(byteBuffer: ByteBuffer(bytes: data))
        )
    }
}
