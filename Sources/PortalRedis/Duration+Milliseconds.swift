extension Duration {
    /// The whole milliseconds in it, as Redis takes timeouts.
    var wholeMilliseconds: Int { Int(components.seconds) * 1000 + Int(components.attoseconds / 1_000_000_000_000_000) }
}
