import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A blocking loopback TCP connection, for what a URL client would not send: chunked bodies framed by
/// hand, connections left idle, request heads sent halfway. Every connect, send and read waits at most
/// `timeout`, so a server that never answers fails the test instead of hanging it. One thread may send
/// while another reads (the connection is full-duplex); each direction has one user at a time.
public final class RawSocket: @unchecked Sendable {
    /// How a read came to its end.
    public enum Ending: Equatable, Sendable {
        /// The server closed the connection (FIN).
        case closedByServer
        /// The server reset the connection.
        case reset
        /// Nothing arrived within the timeout: the connection is still open.
        case timedOut
    }

    public struct Failure: Error, CustomStringConvertible {
        public let operation: String
        public let code: Int32
        public var description: String { "\(operation): \(String(cString: strerror(code)))" }
    }

    private let descriptor: Int32

    public init(port: Int, timeout: Duration = .seconds(10)) throws {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw Failure(operation: "socket", code: errno) }
        var limit = timeval(tv_sec: Int(timeout.components.seconds), tv_usec: Int(timeout.components.attoseconds / 1_000_000_000_000))
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(descriptor, SOL_SOCKET, SO_SNDTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        // No close here: the initializer throwing after `descriptor` is set runs `deinit`, which closes it. A
        // second close could close a descriptor another thread has been handed meanwhile (a Redis connection's).
        guard connected == 0 else { throw Failure(operation: "connect", code: errno) }
    }

    deinit { close(descriptor) }

    public func send(_ text: String) throws {
        try send(Data(text.utf8))
    }

    public func send(_ data: Data) throws {
        var offset = 0
        while offset < data.count {
            let sent = data[offset...].withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard sent > 0 else { throw Failure(operation: "send", code: errno) }
            offset += sent
        }
    }

    /// Everything the server sends until it closes or resets the connection, or until nothing has
    /// arrived for the timeout.
    public func readToEnd() -> (data: Data, ending: Ending) {
        var data = Data()
        var chunk = [UInt8](repeating: 0, count: 16384)
        while true {
            let count = chunk.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if count > 0 {
                data.append(contentsOf: chunk[0..<count])
            } else if count == 0 {
                return (data, .closedByServer)
            } else if errno == EINTR {
                continue
            } else if errno == EAGAIN || errno == EWOULDBLOCK {
                return (data, .timedOut)
            } else {
                return (data, .reset)
            }
        }
    }
}

/// The parts of a raw HTTP/1.1 answer a test looks at.
public struct RawHTTPAnswer: Sendable {
    /// The status code of the first response on the connection, if one arrived.
    public let status: Int?
    public let text: String

    public init(_ data: Data) {
        text = String(decoding: data, as: UTF8.self)
        let statusLine = text.split(separator: "\r\n", maxSplits: 1).first ?? ""
        let parts = statusLine.split(separator: " ")
        status = parts.count >= 2 && parts[0].hasPrefix("HTTP/1.") ? Int(parts[1]) : nil
    }
}
