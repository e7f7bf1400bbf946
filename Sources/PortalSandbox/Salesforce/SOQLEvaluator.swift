import Foundation

/// The records a query sees: a copy of the store taken when it runs.
struct SalesforceSnapshot: Sendable {
    let records: [String: [SalesforceRecord]]
    let byId: [String: SalesforceRecord]

    init(_ records: [String: [SalesforceRecord]]) {
        self.records = records
        self.byId = Dictionary(records.values.joined().map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    }
}

/// Runs a query plan over a snapshot and writes its records as Salesforce does: `attributes` first, the
/// selected fields in order, lookups as nested records (or `null`), child subqueries as
/// `{"totalSize", "done", "records"}` (or `null` when empty).
struct SOQLEvaluator {
    let snapshot: SalesforceSnapshot
    /// The API version of the request (`v61.0`), for `attributes.url`.
    let version: String

    func records(_ plan: SOQLQueryPlan) -> [JSONValue] {
        rows(plan, from: snapshot.records[plan.object.name] ?? []).map { render($0, object: plan.object, columns: plan.columns) }
    }

    /// The candidates that pass the filters, in the plan's order, up to its limit. Without ORDER BY they keep
    /// the store's order (creation order).
    private func rows(_ plan: SOQLQueryPlan, from candidates: [SalesforceRecord]) -> [SalesforceRecord] {
        var rows = candidates.filter { record in
            plan.filters.allSatisfy { filter in
                let value = value(filter.path, of: record)
                return filter.values.contains { equal(value, $0, kind: filter.path.field.kind) }
            }
        }
        if let order = plan.order {
            rows = rows.enumerated().sorted { lhs, rhs in
                let comparison = compare(value(order.path, of: lhs.element), value(order.path, of: rhs.element))
                if comparison == .orderedSame { return lhs.offset < rhs.offset }
                return order.descending ? comparison == .orderedDescending : comparison == .orderedAscending
            }.map(\.element)
        }
        if let limit = plan.limit { rows = Array(rows.prefix(limit)) }
        return rows
    }

    private func related(_ record: SalesforceRecord, through hop: SOQLQueryPlan.Hop) -> SalesforceRecord? {
        guard case .text(let id) = record[hop.field.name], let target = snapshot.byId[id], target.type == hop.object.name else { return nil }
        return target
    }

    private func value(_ path: SOQLQueryPlan.Path, of record: SalesforceRecord) -> SalesforceValue {
        var current = record
        for hop in path.hops {
            guard let next = related(current, through: hop) else { return .null }
            current = next
        }
        return current[path.field.name]
    }

    /// SOQL's `=`: text compares case-insensitively, ids exactly (both sides are 18-character ids).
    private func equal(_ lhs: SalesforceValue, _ rhs: SalesforceValue, kind: SObjectField.Kind) -> Bool {
        if kind == .text, case .text(let left) = lhs, case .text(let right) = rhs {
            return left.caseInsensitiveCompare(right) == .orderedSame
        }
        return lhs == rhs
    }

    /// Null sorts first; text case-insensitively.
    private func compare(_ lhs: SalesforceValue, _ rhs: SalesforceValue) -> ComparisonResult {
        func order<T: Comparable>(_ left: T, _ right: T) -> ComparisonResult {
            left < right ? .orderedAscending : left > right ? .orderedDescending : .orderedSame
        }
        switch (lhs, rhs) {
        case (.null, .null): return .orderedSame
        case (.null, _): return .orderedAscending
        case (_, .null): return .orderedDescending
        case (.text(let left), .text(let right)):
            let folded = left.caseInsensitiveCompare(right)
            return folded == .orderedSame ? order(left, right) : folded
        case (.number(let left), .number(let right)): return order(left, right)
        case (.boolean(let left), .boolean(let right)): return order(left ? 1 : 0, right ? 1 : 0)
        case (.date(let left), .date(let right)): return order(left, right)
        case (.dateTime(let left), .dateTime(let right)): return order(left, right)
        default: return .orderedSame
        }
    }

    private func render(_ record: SalesforceRecord, object: SObjectType, columns: [SOQLQueryPlan.Column]) -> JSONValue {
        var fields: [(String, JSONValue)] = [("attributes", object.attributes(id: record.id, version: version))]
        var written: Set<String> = []
        for (index, column) in columns.enumerated() {
            switch column {
            case .field(let path) where path.hops.isEmpty:
                fields.append((path.field.name, path.field.json(record[path.field.name])))
            case .field(let path):
                let hop = path.hops[0]
                guard written.insert(hop.name).inserted else { continue }
                let nested = columns[index...].compactMap { column -> SOQLQueryPlan.Column? in
                    guard case .field(let other) = column, other.hops.first?.name == hop.name else { return nil }
                    return .field(other.droppingFirstHop)
                }
                let target = related(record, through: hop)
                fields.append((hop.name, target.map { render($0, object: hop.object, columns: nested) } ?? .null))
            case .child(let child, let plan):
                let children = rows(plan, from: (snapshot.records[child.object] ?? []).filter { $0[child.field] == .text(record.id) })
                let result: JSONValue =
                    children.isEmpty
                    ? .null
                    : .object([
                        ("totalSize", .int(children.count)), ("done", .bool(true)),
                        ("records", .array(children.map { render($0, object: plan.object, columns: plan.columns) })),
                    ])
                fields.append((child.name, result))
            }
        }
        return .object(fields)
    }
}
