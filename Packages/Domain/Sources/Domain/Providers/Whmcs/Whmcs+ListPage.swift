extension Providers.Whmcs {
    /// One page of a WHMCS list answer (GetInvoices, GetTickets): the rows under `list.outer.list.inner`, the
    /// `totalresults` count and the page number the `startnumber` offset falls on. `pageSize` is the
    /// `limitnum` the request asked for.
    static func listPage<Item>(
        _ raw: RawJSON,
        pageSize: Int,
        in list: (outer: String, inner: String),
        item: (ObjectReader) throws(MappingError) -> Item
    ) throws(MappingError) -> (items: [Item], number: Int, total: Int) {
        guard pageSize > 0 else { throw MappingError(path: "pageSize", reason: .outOfRange, detail: "page size must be at least 1") }
        let root = try ObjectReader(raw)
        var items: [Item] = []
        for row in try root.wrappedList(list.outer, list.inner) { items.append(try item(row)) }
        let total = try root.optionalInt("totalresults") ?? items.count
        let start = try root.optionalInt("startnumber") ?? 0
        guard total >= 0 else { throw root.failure("totalresults", .outOfRange, "a count cannot be negative") }
        guard start >= 0 else { throw root.failure("startnumber", .outOfRange, "an offset cannot be negative") }
        return (items, start / pageSize + 1, total)
    }
}
