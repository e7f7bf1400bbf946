import Crypto
import Foundation
import PortalSupport

/// The strong `ETag` of a body as served: the first 16 bytes of its SHA-256, quoted hexadecimal.
public enum EntityTag {
    static let digestSize = 16

    public static func of(_ body: Data) -> String {
        quoted(Array(SHA256.hash(data: body).prefix(digestSize)))
    }

    static func quoted(_ digest: some Sequence<UInt8>) -> String {
        "\"" + digest.hexadecimal + "\""
    }
}
