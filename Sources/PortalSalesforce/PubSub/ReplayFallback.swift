/// Where a stream resumes when its stored replay id is refused: the oldest retained event (at most 72 hours
/// back; the provisioning queue deduplicates what was already handled) or only new events (a gap).
public enum ReplayFallback: String, Sendable, Equatable, CaseIterable {
    case earliest
    case latest
}
