import APITestSupport
import Crypto
import Foundation
import PortalCache
import PortalSupport
import Testing

@testable import PortalAPI
@testable import PortalApplication

@Suite("Hexadecimal")
struct HexadecimalTests {
    @Test func twoLowerCaseDigitsPerByteAsStringFormatWrites() {
        let bytes: [UInt8] = [0x00, 0x0F, 0xA5, 0xFF, 0x10]
        #expect(bytes.hexadecimal == "000fa5ff10")
        let digest = SHA256.hash(data: Data("abc".utf8))
        #expect(digest.hexadecimal == digest.map { String(format: "%02x", $0) }.joined())
        #expect([UInt8]().hexadecimal == "")
    }
}
