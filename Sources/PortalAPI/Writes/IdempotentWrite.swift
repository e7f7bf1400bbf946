import Crypto
import Foundation
import Hummingbird
import PortalApplication
import PortalCache
import Synchronization

/// What every write route does around its work: require an `Idempotency-Key`, answer a repeat of the same
/// request with the first answer (`Idempotent-Replayed: true`), refuse the key for a different request
/// (409), and keep keys and answers for a day. A key is released only when the write certainly did not
/// take effect; after a timeout or a lost answer it stays "outcome unknown" and each retry reconciles it
/// with the upstream first (503 `OUTCOME_UNKNOWN` with `Retry-After` until the upstream tells). Without
/// Redis no write is done: its idempotency could not be kept.
struct IdempotentWrite: Sendable {
    let store: IdempotencyStore?
    /// How long after sending, a write that shows no trace upstream may still take effect (the upstream
    /// still working on a request whose caller gave up); until then no trace is not proof.
    let settleDelay: Duration
    let now: @Sendable () -> Date

    init(store: IdempotencyStore?, settleDelay: Duration = .seconds(30), now: @escaping @Sendable () -> Date = { Date() }) {
        self.store = store
        self.settleDelay = settleDelay
        self.now = now
    }

    /// The same writes with records (and replayable answers) kept `seconds` instead of a day.
    func keepingRecords(forSeconds seconds: Int) -> IdempotentWrite {
        IdempotentWrite(store: store?.keepingRecords(forSeconds: seconds), settleDelay: settleDelay, now: now)
    }

    /// `scope` and the customer name the key's space; `parsed` is the parsed request, whose canonical JSON
    /// is what "the same request" means.
    func respond<Write: ReconcilableWrite>(
        to request: Request,
        context: PortalRequestContext,
        scope: String,
        customer: Customer,
        fingerprinting parsed: some Encodable,
        write: Write,
        status: HTTPResponse.Status
    ) async throws -> Response {
        let key = try Self.key(request)
        let fingerprint = SHA256.hash(data: try JSONBody.encode(parsed)).hexadecimal
        let name = WriteKey(scope: scope, subject: customer.userId, key: key).name
        guard let store else { throw Self.unavailable }
        let claim = try await Self.redis(context) { () async throws in try await store.claim(name, fingerprint: fingerprint) }
        switch claim {
        case .replay(let status, let body):
            return Self.response(WriteAnswer(status: HTTPResponse.Status(code: status), body: body), replayed: true)
        case .conflict:
            throw APIError(status: .conflict, code: "CONFLICT", message: "This Idempotency-Key was used for a different request.")
        case .inProgress:
            throw Self.inProgress
        case .acquired(var lease):
            if lease.record.state == .sending {
                switch await settle(lease, write, status: status, context) {
                case .applied(let answer):
                    return Self.response(answer, replayed: true)
                case .unknown:
                    await store.unlock(lease)
                    throw Self.outcomeUnknown
                case .notApplied:
                    context.logger.info("write of unknown outcome did not take effect; doing it again")
                    let stale = lease
                    do {
                        lease = try await Self.redis(context) { () async throws in try await store.restart(stale) }
                    } catch {
                        await store.unlock(stale)
                        throw error
                    }
                }
            }
            return try await attempt(lease, write, status: status, store: store, context: context)
        }
    }

    private enum Settled {
        case applied(WriteAnswer)
        case notApplied
        case unknown
    }

    /// Plans, records and sends the write under `lease`.
    private func attempt<Write: ReconcilableWrite>(
        _ lease: IdempotencyStore.Lease,
        _ write: Write,
        status: HTTPResponse.Status,
        store: IdempotencyStore,
        context: PortalRequestContext
    ) async throws -> Response {
        var lease = lease
        let name = lease.name
        let claimed = Mutex<String?>(nil)
        let plan: Write.Plan
        let encoded: Data
        do {
            plan = try await write.plan(reference: lease.name) { resource in
                try await claim(resource, for: name, write, status: status, store: store, context: context)
                claimed.withLock { $0 = resource }
            }
            encoded = try JSONEncoder().encode(plan)
            let resource = claimed.withLock { $0 }
            let recorded = try await Self.redis(context) { () async throws in
                try await store.sending(&lease, plan: encoded, resource: resource, at: now())
            }
            guard recorded else { throw Self.inProgress }
        } catch {
            if let resource = claimed.withLock({ $0 }) { await store.release(resource: resource, holder: name) }
            await store.release(lease)
            throw error
        }
        let answer: WriteAnswer
        do {
            answer = try Self.answer(try await write.perform(plan), status: status)
        } catch .notApplied(let shown) {
            await store.release(lease)
            throw APIError(shown)
        } catch .outcomeUnknown(let detail) {
            context.logger.warning("write outcome unknown; kept for reconciliation", metadata: ["error": .string(detail)])
            await store.unlock(lease)
            throw Self.outcomeUnknown
        }
        await record(answer, lease, store: store, context: context)
        return Self.response(answer, replayed: false)
    }

    /// Asks the upstream whether the write `lease` left unknown took effect; records the answer if it did.
    private func settle<Write: ReconcilableWrite>(
        _ lease: IdempotencyStore.Lease,
        _ write: Write,
        status: HTTPResponse.Status,
        _ context: PortalRequestContext
    ) async -> Settled {
        guard let store, let data = lease.record.plan else {
            context.logger.error("write of unknown outcome has no readable plan; it cannot be reconciled")
            return .unknown
        }
        guard let plan = try? JSONDecoder().decode(Write.Plan.self, from: data) else {
            // Another kind of write holding the same resource (a top-up of the SIM a plan change wants):
            // only a retry of that write can reconcile it.
            context.logger.info("the item is held by another kind of write of unknown outcome; it settles when that write is retried")
            return .unknown
        }
        do {
            switch try await write.reconcile(plan) {
            case .applied(let applied):
                let answer = try Self.answer(applied, status: status)
                context.logger.info("write of unknown outcome took effect; answering it")
                await record(answer, lease, store: store, context: context)
                return .applied(answer)
            case .notApplied:
                let sentAt = Date(timeIntervalSince1970: lease.record.sentAt ?? 0)
                return .seconds(now().timeIntervalSince(sentAt)) >= settleDelay ? .notApplied : .unknown
            }
        } catch {
            context.logger.warning("write of unknown outcome could not be reconciled yet", metadata: ["error": .string("\(error)")])
            return .unknown
        }
    }

    /// Makes `resource` the write's alone, settling a write of another key that still holds it.
    private func claim<Write: ReconcilableWrite>(
        _ resource: String,
        for name: String,
        _ write: Write,
        status: HTTPResponse.Status,
        store: IdempotencyStore,
        context: PortalRequestContext
    ) async throws {
        for _ in 0..<3 {
            let holder: String
            switch try await Self.redis(context, { () async throws in try await store.acquire(resource: resource, holder: name) }) {
            case .acquired: return
            case .heldBy(let other): holder = other
            }
            switch try await Self.redis(context, { () async throws in try await store.take(holder) }) {
            case .busy:
                throw Self.resourceBusy
            case .missing:
                if try await Self.redis(context, { () async throws in try await store.handOver(resource: resource, from: holder, to: name) }) {
                    return
                }
            case .acquired(let other):
                switch other.record.state {
                case .claimed:
                    await store.release(other)
                    _ = try await Self.redis(context) { () async throws in try await store.handOver(resource: resource, from: holder, to: name) }
                case .done:
                    await store.unlock(other)
                    _ = try await Self.redis(context) { () async throws in try await store.handOver(resource: resource, from: holder, to: name) }
                case .sending:
                    switch await settle(other, write, status: status, context) {
                    case .applied: break
                    case .notApplied: await store.release(other)
                    case .unknown:
                        await store.unlock(other)
                        throw Self.resourceBusy
                    }
                }
            }
        }
        throw Self.resourceBusy
    }

    private func record(_ answer: WriteAnswer, _ lease: IdempotencyStore.Lease, store: IdempotencyStore, context: PortalRequestContext) async {
        do {
            try await store.complete(lease, status: answer.status.code, body: answer.body)
        } catch {
            context.logger.error("idempotency answer not recorded; a retry will reconcile it", metadata: ["error": .string("\(error)")])
            await store.unlock(lease)
        }
    }

    private static func redis<Value>(_ context: PortalRequestContext, _ work: () async throws -> Value) async throws(APIError) -> Value {
        do {
            return try await work()
        } catch {
            context.logger.error("idempotency store unavailable", metadata: ["error": .string("\(error)")])
            throw unavailable
        }
    }

    private static let unavailable = APIError(
        status: .serviceUnavailable,
        code: "UPSTREAM_UNAVAILABLE",
        message: "Writes are paused for a moment. Try again shortly.",
        retryAfterSeconds: 5
    )
    private static let inProgress = APIError(
        status: .conflict,
        code: "CONFLICT",
        message: "A request with this Idempotency-Key is still being processed.",
        retryAfterSeconds: 1
    )
    private static let resourceBusy = APIError(
        status: .conflict,
        code: "CONFLICT",
        message: "Another change to the same item is still being processed. Try again shortly.",
        retryAfterSeconds: 5
    )
    static let outcomeUnknown = APIError(
        status: .serviceUnavailable,
        code: "OUTCOME_UNKNOWN",
        message: "We could not confirm whether this went through. Retry with the same Idempotency-Key: it will not be done twice.",
        retryAfterSeconds: 5
    )

    /// The caller's key: 1 to 200 visible ASCII characters.
    private static func key(_ request: Request) throws(APIError) -> String {
        guard let key = request.headers[.idempotencyKey] else { throw .validation(["Idempotency-Key": "is required"]) }
        guard (1...200).contains(key.utf8.count), key.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
            throw .validation(["Idempotency-Key": "must be 1 to 200 visible ASCII characters"])
        }
        return key
    }

    /// A write's answer as the route sends it and the store keeps it for a replay: `202 Accepted` when the
    /// write finishes later (`PendingAnswer`).
    private static func answer(_ value: some Encodable, status: HTTPResponse.Status) throws(WriteFailure) -> WriteAnswer {
        let status = (value as? any PendingAnswer)?.isPending == true ? .accepted : status
        do {
            return WriteAnswer(status: status, body: try JSONBody.encode(value))
        } catch {
            throw .outcomeUnknown(detail: "the answer cannot be encoded: \(error)")
        }
    }

    private static func response(_ answer: WriteAnswer, replayed: Bool) -> Response {
        var headers: HTTPFields = [.contentType: "application/json; charset=utf-8", .cacheControl: "no-store"]
        if replayed { headers[.idempotentReplayed] = "true" }
        return Response(status: answer.status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: answer.body)))
    }
}

/// A write route's answer: status and JSON body.
struct WriteAnswer: Sendable {
    let status: HTTPResponse.Status
    let body: Data
}
