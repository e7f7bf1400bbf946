import Crypto
import Foundation
import Hummingbird
import PortalCache
import PortalRedis

/// What every write route does around its work: require an `Idempotency-Key`, answer a repeat of the same
/// request with the first answer (`Idempotent-Replayed: true`), refuse the key for a different request
/// (409), and keep keys and answers for a day. Without Redis no write is done: its idempotency could not be
/// kept.
struct IdempotentWrite: Sendable {
    let store: IdempotencyStore?

    /// `scope` and the customer name the key's space; `request` is the parsed request, whose canonical JSON is
    /// what "the same request" means.
    func respond(
        to request: Request, context: PortalRequestContext, scope: String, customer: Customer, fingerprinting parsed: some Encodable,
        perform: () async throws -> (status: HTTPResponse.Status, body: Data)
    ) async throws -> Response {
        let key = try Self.key(request)
        let fingerprint = SHA256.hash(data: try JSONBody.encode(parsed)).hexadecimal
        let storeKey = "\(scope):\(customer.userId):\(key)"
        guard let store else { throw Self.unavailable }
        let claim: IdempotencyStore.Claim
        do {
            claim = try await store.claim(storeKey, fingerprint: fingerprint)
        } catch {
            context.logger.error("idempotency store unavailable", metadata: ["error": .string("\(error)")])
            throw Self.unavailable
        }
        switch claim {
        case .replay(let status, let body):
            return Self.response(HTTPResponse.Status(code: status), body, replayed: true)
        case .conflict:
            throw APIError(status: .conflict, code: "CONFLICT", message: "This Idempotency-Key was used for a different request.")
        case .inProgress:
            throw APIError(
                status: .conflict, code: "CONFLICT", message: "A request with this Idempotency-Key is still being processed.", retryAfterSeconds: 1)
        case .proceed:
            let result: (status: HTTPResponse.Status, body: Data)
            do {
                result = try await perform()
            } catch {
                await store.abandon(storeKey)
                throw error
            }
            do {
                try await store.complete(storeKey, fingerprint: fingerprint, status: result.status.code, body: result.body)
            } catch {
                context.logger.error("idempotency answer not recorded", metadata: ["error": .string("\(error)")])
            }
            return Self.response(result.status, result.body, replayed: false)
        }
    }

    private static let unavailable = APIError(
        status: .serviceUnavailable, code: "UPSTREAM_UNAVAILABLE", message: "Writes are paused for a moment. Try again shortly.", retryAfterSeconds: 5)

    /// The caller's key: 1 to 200 visible ASCII characters.
    private static func key(_ request: Request) throws(APIError) -> String {
        guard let key = request.headers[.idempotencyKey] else { throw .validation(["Idempotency-Key": "is required"]) }
        guard (1...200).contains(key.utf8.count), key.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
            throw .validation(["Idempotency-Key": "must be 1 to 200 visible ASCII characters"])
        }
        return key
    }

    private static func response(_ status: HTTPResponse.Status, _ body: Data, replayed: Bool) -> Response {
        var headers: HTTPFields = [.contentType: "application/json; charset=utf-8", .cacheControl: "no-store"]
        if replayed { headers[.idempotentReplayed] = "true" }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }
}
