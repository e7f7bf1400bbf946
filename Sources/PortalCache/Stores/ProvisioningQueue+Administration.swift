import Foundation
import PortalRedis

extension ProvisioningQueue {
    /// What an operator says of a job whose `AddOrder` answer was lost, so that retrying it never places a
    /// second WHMCS order.
    public enum Resolution: Sendable, Equatable {
        /// The job's recorded steps suffice.
        case none
        /// WHMCS has the order: the job resumes at AcceptOrder with it.
        case placed(whmcsOrderId: Int)
        /// WHMCS has no order of it: the job sends AddOrder again.
        case notPlaced
    }

    /// Why an operator's retry or discard was refused. Nothing was changed.
    public enum AdministrationError: Error, Equatable, Sendable {
        case notFound
        /// A worker holds the job's lock: it is running now.
        case running(holder: String)
        /// The job is done (or, for a discard, already discarded).
        case finished(State)
        /// The job stopped after sending `AddOrder` without recording its answer: say whether WHMCS placed
        /// the order.
        case needsResolution
        /// A resolution was given for a job whose steps are known.
        case resolutionNotApplicable(State)
        case redis(RedisError)
    }

    /// The outcome of a retry or discard: the state the job was in and the one it is in now.
    public struct Transition: Sendable, Equatable, Encodable {
        public var orderId: String
        public var fromState: State
        public var toState: State

        public init(orderId: String, fromState: State, toState: State) {
            self.orderId = orderId
            self.fromState = fromState
            self.toState = toState
        }
    }

    /// Queues a dead-lettered, discarded or waiting job again at the step it had reached (attempts and
    /// backoff reset), removes its dead letters and records who did it and why on the audit stream; all in
    /// one script, so a second retry of the same job (a retry whose answer was lost) finds it queued and
    /// does nothing twice.
    public func retry(
        _ orderId: String,
        resolution: Resolution = .none,
        by operatorName: String,
        reason: String,
        at time: Date
    ) async throws(AdministrationError) -> Transition {
        let (kind, whmcsOrderId): (String, Int) =
            switch resolution {
            case .none: ("", 0)
            case .placed(let id): ("placed", id)
            case .notPlaced: ("notPlaced", 0)
            }
        return try await administer(
            Self.retryScript,
            orderId,
            [
                RedisArgument(operatorName), RedisArgument(reason), RedisArgument(Int64(time.timeIntervalSince1970)), RedisArgument(kind),
                RedisArgument(whmcsOrderId),
            ]
        )
    }

    /// Gives a job up for good (`discarded`, kept with the step it had reached): one that was dead-lettered
    /// or is waiting; never one running or done. Its dead letters go, the audit stream keeps why.
    public func discard(_ orderId: String, by operatorName: String, reason: String, at time: Date) async throws(AdministrationError) -> Transition {
        try await administer(
            Self.discardScript,
            orderId,
            [RedisArgument(operatorName), RedisArgument(reason), RedisArgument(Int64(time.timeIntervalSince1970))]
        )
    }

    /// Runs an administration script over the job's keys: its arguments are the order id, then `arguments`,
    /// then how many dead-letter entries follow, then their ids.
    private func administer(_ script: RedisScript, _ orderId: String, _ arguments: [RedisArgument]) async throws(AdministrationError) -> Transition {
        let reply: RedisValue
        do {
            let letters = try await StreamEntry.matching("orderId", orderId, in: Self.deadLetters, redis: redis).map { RedisArgument($0.id) }
            reply = try await redis.send(
                RedisCommand.evaluate(
                    script,
                    keys: [
                        RedisArgument(Self.jobKey(orderId)), RedisArgument(Self.lockKey(orderId)), RedisArgument(Self.stream),
                        RedisArgument(Self.deadLetters), RedisArgument(Self.audit),
                    ],
                    arguments: [RedisArgument(orderId)] + arguments + [RedisArgument(letters.count)] + letters
                )
            )
        } catch {
            throw .redis(error)
        }
        guard case .array(let words) = reply, let outcome = words.first?.string else { throw .redis(.unexpectedReply("\(reply)")) }
        let states = words.dropFirst().map { $0.string.flatMap(State.init) }
        switch outcome {
        case "ok":
            guard states.count == 2, let from = states[0], let to = states[1] else { throw .redis(.unexpectedReply("\(reply)")) }
            return Transition(orderId: orderId, fromState: from, toState: to)
        case "notFound": throw .notFound
        case "running": throw .running(holder: words.dropFirst().first?.string ?? "")
        case "finished": throw .finished(states.first.flatMap { $0 } ?? .done)
        case "needsResolution": throw .needsResolution
        case "resolutionNotApplicable": throw .resolutionNotApplicable(states.first.flatMap { $0 } ?? .queued)
        default: throw .redis(.unexpectedReply("\(reply)"))
        }
    }

    /// KEYS: job, lock, jobs stream, dead letters, audit. ARGV: order, by, reason, at, resolution kind,
    /// WHMCS order id, dead-letter count, dead-letter ids. The step to resume at is the one the job had
    /// reached; after a lost `AddOrder` answer (or an unknown step without a WHMCS order) only the
    /// operator's resolution decides it.
    private static let retryScript = RedisScript(
        """
        local state = redis.call('HGET', KEYS[1], 'state')
        if not state then return {'notFound'} end
        local holder = redis.call('GET', KEYS[2])
        if holder then return {'running', holder} end
        if state == 'done' then return {'finished', state} end
        local step = state
        if state == 'failed' or state == 'discarded' then step = redis.call('HGET', KEYS[1], 'stoppedInState') or '' end
        local placed = redis.call('HEXISTS', KEYS[1], 'whmcsOrderId') == 1
        if (step == 'adding' or step == '') and not placed then
          if ARGV[5] == 'placed' then
            step = 'added'
            redis.call('HSET', KEYS[1], 'whmcsOrderId', ARGV[6])
          elseif ARGV[5] == 'notPlaced' then
            step = 'queued'
          else
            return {'needsResolution', state}
          end
        elseif ARGV[5] ~= '' then
          return {'resolutionNotApplicable', state}
        elseif step == 'adding' or step == '' then
          step = 'added'
        end
        redis.call('HSET', KEYS[1], 'state', step, 'attempts', 0, 'nextAttemptAt', 0)
        redis.call('HDEL', KEYS[1], 'stoppedInState')
        redis.call('HSET', KEYS[1], 'messageId', redis.call('XADD', KEYS[3], '*', 'orderId', ARGV[1]))
        for index = 8, 7 + tonumber(ARGV[7]) do redis.call('XDEL', KEYS[4], ARGV[index]) end
        redis.call('XADD', KEYS[5], 'MAXLEN', '~', 10000, '*', 'action', 'retry', 'orderId', ARGV[1], 'fromState', state,
          'toState', step, 'by', ARGV[2], 'reason', ARGV[3], 'at', ARGV[4])
        return {'ok', state, step}
        """
    )

    /// KEYS as for a retry. ARGV: order, by, reason, at, dead-letter count, dead-letter ids.
    private static let discardScript = RedisScript(
        """
        local state = redis.call('HGET', KEYS[1], 'state')
        if not state then return {'notFound'} end
        local holder = redis.call('GET', KEYS[2])
        if holder then return {'running', holder} end
        if state == 'done' or state == 'discarded' then return {'finished', state} end
        if state ~= 'failed' then redis.call('HSET', KEYS[1], 'stoppedInState', state) end
        redis.call('HSET', KEYS[1], 'state', 'discarded')
        for index = 6, 5 + tonumber(ARGV[5]) do redis.call('XDEL', KEYS[4], ARGV[index]) end
        redis.call('XADD', KEYS[5], 'MAXLEN', '~', 10000, '*', 'action', 'discard', 'orderId', ARGV[1], 'fromState', state,
          'toState', 'discarded', 'by', ARGV[2], 'reason', ARGV[3], 'at', ARGV[4])
        return {'ok', state, 'discarded'}
        """
    )
}
