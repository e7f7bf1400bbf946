import Domain
import Foundation

/// Maps one raw payload of a known kind to its domain value's JSON, or says why it can't.
public enum PayloadMapper {
    /// Why a payload did not map: a `MappingError`, or the provider's own error envelope (`upstreamError`).
    public struct Failure: Error, Equatable, Encodable {
        public let path: String
        public let reason: String
        public let detail: String

        init(_ error: MappingError) {
            self.init(path: error.path, reason: error.reason.rawValue, detail: error.detail)
        }

        init(path: String, reason: String, detail: String) {
            self.path = path
            self.reason = reason
            self.detail = detail
        }
    }

    /// The domain value as JSON with sorted keys.
    public static func map(_ data: Data, as kind: PayloadKind, options: MapOptions) -> Result<Data, Failure> {
        let mapped: any Encodable
        do throws(MappingError) {
            let raw = try RawJSON.parse(data)
            if let failure = try upstreamFailure(in: raw, kind: kind) { return .failure(failure) }
            mapped = try value(of: raw, kind: kind, options: options)
        } catch {
            return .failure(Failure(error))
        }
        do {
            return .success(try encode(mapped))
        } catch {
            return .failure(Failure(path: "$", reason: "encodingFailed", detail: String(describing: error)))
        }
    }

    private static func upstreamFailure(in raw: RawJSON, kind: PayloadKind) throws(MappingError) -> Failure? {
        guard !kind.isWebhookEvent else { return nil }
        switch kind.provider {
        case .whmcs:
            return try Providers.Whmcs.failure(in: raw).map {
                Failure(path: "result", reason: "upstreamError", detail: "WHMCS \($0.kind.rawValue): \($0.message)")
            }
        case .salesforce:
            return try Providers.Salesforce.failure(in: raw).map {
                Failure(path: "$", reason: "upstreamError", detail: "Salesforce \($0.errorCode): \($0.message)")
            }
        case .freebit:
            return try Providers.Freebit.failure(in: raw).map {
                Failure(path: "resultCode", reason: "upstreamError", detail: "Freebit \($0.resultCode)/\($0.statusCode ?? "-"): \($0.message ?? "")")
            }
        }
    }

    private static func value(of raw: RawJSON, kind: PayloadKind, options: MapOptions) throws(MappingError) -> any Encodable {
        switch kind {
        case .whmcsInvoices: try Providers.Whmcs.invoicePage(from: raw, pageSize: options.pageSize, context: options.whmcs)
        case .whmcsInvoice: try Providers.Whmcs.invoice(from: raw, context: options.whmcs)
        case .whmcsSubscriptions: try Providers.Whmcs.subscriptions(from: raw, context: options.whmcs)
        case .whmcsClient: try Providers.Whmcs.client(from: raw, context: options.whmcs)
        case .whmcsPayMethods: try Providers.Whmcs.paymentMethods(from: raw)
        case .whmcsEvent: try Providers.Whmcs.event(from: raw, context: options.whmcs)
        case .salesforceOrders: try Providers.Salesforce.orders(from: raw, context: options.salesforce)
        case .salesforceOrder: try orderDetails(raw, context: options.salesforce)
        case .salesforceProducts: try Providers.Salesforce.products(from: raw, context: options.salesforce)
        case .salesforceAccount: try Providers.Salesforce.account(from: raw, context: options.salesforce)
        case .salesforceEvent: try Providers.Salesforce.event(from: raw, context: options.salesforce)
        case .freebitSim: try Providers.Freebit.simDetails(from: raw, context: options.freebit)
        case .freebitUsage: try Providers.Freebit.usage(from: raw, context: options.freebit)
        }
    }

    /// One Order query result with an `OrderItems` subquery, or `{"order": <query result>, "items": <query result>}`.
    private static func orderDetails(_ raw: RawJSON, context: SalesforceMappingContext) throws(MappingError) -> Order? {
        if case .object(let fields) = raw, fields["records"] == nil, let order = fields["order"] {
            return try Providers.Salesforce.orderDetails(from: order, items: fields["items"], context: context)
        }
        return try Providers.Salesforce.orderDetails(from: raw, context: context)
    }

    static func encode(_ value: some Encodable) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return try encoder.encode(value)
    }
}
