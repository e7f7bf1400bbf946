/// The pure mappers from raw provider payloads to domain values, one namespace per provider.
///
/// Each mapper is a deterministic function of the raw payload and an explicit context. Error envelopes are
/// recognised by each provider's `failure(in:)`, which a connection calls before handing a payload on.
public enum Providers {
    public enum Whmcs {}
    public enum Salesforce {}
    public enum Freebit {}
}
