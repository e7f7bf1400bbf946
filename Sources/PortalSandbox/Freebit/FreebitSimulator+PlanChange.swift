import Domain

extension FreebitSimulator {
    /// `changePlan`: `{"account","planCode","runTime":"YYYYMMDD"?}`; without `runTime` the change is
    /// immediate, with it the change is reserved and shows in `getDetail` until its date.
    func changePlan(_ request: [String: Any]) -> JSONValue {
        guard let sim = sim(request["account"]) else { return failure("400", "Parameter error: account", "356") }
        do {
            try plans.change(sim.msisdn, to: request["planCode"] as? String, runTime: request["runTime"] as? String)
            return success()
        } catch {
            let codes = error.codes
            return failure(codes.resultCode, codes.message, codes.statusCode)
        }
    }

    /// `getDetail`'s plan fields: `planCode`, and the reserved change (`nextPlanCode`, `nextPlanDate`) if any.
    func planFields(_ sim: SeedSim) -> [(String, JSONValue)] {
        let (planCode, reserved) = plans.plan(of: sim.msisdn)
        var fields: [(String, JSONValue)] = [("planCode", .string(planCode ?? sim.planCode))]
        if let reserved {
            fields.append(("nextPlanCode", .string(reserved.planCode)))
            fields.append(("nextPlanDate", .string(reserved.date.description.replacingOccurrences(of: "-", with: ""))))
        }
        return fields
    }
}
