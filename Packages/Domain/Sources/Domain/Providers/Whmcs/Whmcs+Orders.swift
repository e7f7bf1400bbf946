import Foundation

extension Providers.Whmcs {
    /// Maps an AddOrder answer. WHMCS lists the new service ids as one comma-separated string (`"501,502"`),
    /// `""` when there are none, and `invoiceid` 0 or absent when no invoice was raised.
    public static func orderReceipt(from raw: RawJSON) throws(MappingError) -> WhmcsOrderReceipt {
        let root = try ObjectReader(raw)
        var serviceIds: [Int] = []
        for (index, part) in (try root.optionalText("serviceids") ?? "").split(separator: ",").enumerated() {
            guard let id = Int(part.trimmingCharacters(in: .whitespaces)), id > 0 else {
                throw root.failure("serviceids[\(index)]", .invalidValue, "not a service id: \(part.prefix(20))")
            }
            serviceIds.append(id)
        }
        return WhmcsOrderReceipt(orderId: try root.id("orderid"), serviceIds: serviceIds, invoiceId: try root.optionalId("invoiceid"))
    }
}
