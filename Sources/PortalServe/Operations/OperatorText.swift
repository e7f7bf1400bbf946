import Foundation
import PortalCache

/// The operator commands' text output: aligned columns for lists, one `name: value` per line for a job.
enum OperatorText {
    static func waiting(_ jobs: [ProvisioningQueue.WaitingJob]) -> String {
        guard !jobs.isEmpty else { return "No provisioning job is waiting.\n" }
        return table(
            ["ORDER", "STATE", "ATTEMPTS", "QUEUED", "WORKER", "IDLE", "LAST ERROR"],
            jobs.map { waiting in
                [
                    waiting.orderId, waiting.job?.state.rawValue ?? "(no record)", waiting.job.map { String($0.attempts) } ?? "",
                    time(waiting.queuedAt), waiting.consumer ?? "(not taken)", waiting.idleMilliseconds.map { "\($0 / 1000)s" } ?? "",
                    waiting.job?.lastError ?? "",
                ]
            }
        )
    }

    static func deadLetters(_ letters: [ProvisioningQueue.DeadLetteredJob]) -> String {
        guard !letters.isEmpty else { return "No provisioning job is dead-lettered.\n" }
        return table(
            ["ORDER", "AT", "STEP", "NOW", "REASON"],
            letters.map { [$0.orderId, time($0.at), $0.step?.rawValue ?? "?", $0.job?.state.rawValue ?? "(no record)", $0.reason] }
        )
    }

    static func details(_ details: ProvisioningQueue.JobDetails) -> String {
        let job = details.job
        var lines: [(String, String)] = [("order", details.orderId), ("state", job.state.rawValue)]
        if let step = job.stoppedInState { lines.append(("stopped at", step.rawValue)) }
        lines += [
            ("account", job.accountId), ("WHMCS order", job.whmcsOrderId.map(String.init) ?? "none recorded"),
            ("attempts", String(job.attempts)),
        ]
        if job.nextAttemptAt > 0 { lines.append(("next attempt", time(Date(timeIntervalSince1970: Double(job.nextAttemptAt) / 1000)))) }
        if let error = job.lastError { lines.append(("last error", error)) }
        if let holder = details.lockHolder {
            lines.append(("running on", "\(holder) (lock for \((details.lockExpiresInMilliseconds ?? 0) / 1000)s more)"))
        }
        if let pending = details.pending {
            lines.append(
                ("delivery", "\(pending.consumer ?? "?"), idle \((pending.idleMilliseconds ?? 0) / 1000)s, \(pending.deliveries) deliveries")
            )
        }
        for letter in details.deadLetters { lines.append(("dead letter", "\(time(letter.at)) at \(letter.step?.rawValue ?? "?"): \(letter.reason)")) }
        for entry in details.audit {
            lines.append(("audit", "\(time(entry.at)) \(entry.action) by \(entry.by): \(entry.fromState) → \(entry.toState ?? "?") \(entry.reason)"))
        }
        let width = lines.map(\.0.count).max() ?? 0
        return lines.map { $0.0.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + $0.1 }.joined(separator: "\n") + "\n"
    }

    static func transition(_ transition: ProvisioningQueue.Transition) -> String {
        switch transition.toState {
        case .discarded: "Discarded \(transition.orderId) (it was \(transition.fromState.rawValue)).\n"
        default: "Queued \(transition.orderId) again at \(transition.toState.rawValue) (it was \(transition.fromState.rawValue)).\n"
        }
    }

    static func eventDeadLetters(_ letters: [PlatformEventRecords.KeptDeadLetter]) -> String {
        guard !letters.isEmpty else { return "No Platform Event was dead-lettered.\n" }
        return table(
            ["AT", "TOPIC", "EVENT", "REPLAY ID", "REASON"],
            letters.map { [time($0.at), $0.topic, $0.eventId, $0.replayId, $0.reason] }
        )
    }

    static func gaps(_ gaps: [PlatformEventRecords.KeptGap]) -> String {
        guard !gaps.isEmpty else { return "No replay gap was recorded.\n" }
        return table(["AT", "TOPIC", "REFUSED REPLAY ID", "RESUMED FROM"], gaps.map { [time($0.at), $0.topic, $0.refusedReplayId, $0.fallback] })
    }

    private static func time(_ date: Date?) -> String {
        date.map { $0.formatted(.iso8601) } ?? "?"
    }

    /// Columns as wide as their widest cell; the last is not padded.
    private static func table(_ header: [String], _ rows: [[String]]) -> String {
        let all = [header] + rows.map { $0.map { $0.replacingOccurrences(of: "\n", with: " ") } }
        let widths = header.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
        return all.map { row in
            row.enumerated().map { column, cell in
                column == row.count - 1 ? cell : cell.padding(toLength: widths[column], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }.joined(separator: "\n") + "\n"
    }
}
