/// Runs `body` with `resource`, then awaits `stop(resource)` whether the body returned or threw, so that
/// what a test started is down before the test ends.
@discardableResult
public func withTeardown<Resource, Result>(
    _ resource: Resource,
    stop: (Resource) async -> Void,
    _ body: (Resource) async throws -> Result
) async throws -> Result {
    let result: Result
    do {
        result = try await body(resource)
    } catch {
        await stop(resource)
        throw error
    }
    await stop(resource)
    return result
}
