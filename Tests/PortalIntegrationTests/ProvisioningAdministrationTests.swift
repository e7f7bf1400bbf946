import APITestSupport
import Foundation
import PortalCache
import PortalRedis
import TestSupport
import Testing

@testable import PortalApplication

/// An operator's retry and discard through the operator listener, followed by the workers that run what
/// they queued: part of the provisioning suite, whose Redis database and stream they share.
extension ProvisioningTests {
    @Test func aDeadLetteredJobRetriedOnTheOperatorListenerRunsOnceTheCauseIsFixed() async throws {
        try await withPlacedOrder(customer: 19, productIds: ["01t5g0000000003AAA"]) { api, _, orderId in
            try await requestProvisioning(api, orderId, customer: 19)
            try await worker(api, "w1", settings: try settings(products: ["SIM-D-3G=12"])).runOnce()
            #expect(try await job(api, orderId)?.state == .failed)

            let dead = try await api.operatorGet("/provisioning/jobs?dead=true")
            #expect(dead.status == 200)
            let letters = try #require(try JSONSerialization.jsonObject(with: dead.body) as? [[String: Any]])
            #expect(letters.map { $0["orderId"] as? String } == [orderId.value])
            #expect(letters.first?["step"] as? String == "queued")

            let retried = try await api.operatorPost("/provisioning/jobs/\(orderId.value)/retry", #"{"by":"oncall","reason":"mapped SIM-V-20G"}"#)
            #expect(retried.status == 200)
            #expect(retried.json["toState"] as? String == "queued")
            let again = try await api.operatorPost("/provisioning/jobs/\(orderId.value)/retry", #"{"by":"oncall"}"#)
            #expect(again.status == 200, "a retry whose answer was lost may be sent again")

            #expect(try await worker(api, "w2").runOnce())
            await (try worker(api, "w3")).runOnce()
            #expect(try await job(api, orderId)?.state == .done)
            #expect(calls(api, "AddOrder") == 1)
            #expect(calls(api, "AcceptOrder") == 1)

            let shown = try await api.operatorGet("/provisioning/jobs/\(orderId.value)")
            #expect(shown.status == 200)
            #expect((shown.json["deadLetters"] as? [Any])?.isEmpty == true)
            let audit = try #require(shown.json["audit"] as? [[String: Any]])
            #expect(audit.map { $0["action"] as? String } == ["retry", "retry"])
            #expect(audit.last?["reason"] as? String == "mapped SIM-V-20G")
            #expect(audit.last?["fromState"] as? String == "failed")
            let afterwards = try await api.operatorGet("/provisioning/jobs?dead=true")
            #expect((try JSONSerialization.jsonObject(with: afterwards.body) as? [Any])?.isEmpty == true)
        }
    }

    @Test func aJobWhoseAddOrderAnswerWasLostIsRetriedOnlyWithTheOperatorsWordOnTheWhmcsOrder() async throws {
        try await withPlacedOrder(customer: 12) { api, _, orderId in
            try await requestProvisioning(api, orderId, customer: 12)
            await (try worker(api, "dying") { step in if step == .whmcsOrderAdded { throw Killed() } }).runOnce()
            let placed = try #require(try await job(api, orderId)?.whmcsOrderId)
            // As if the worker had died with AddOrder sent and its answer not recorded.
            let key = RedisArgument("pb:{provisioning}:job:\(orderId.value)")
            _ = try await api.redis.pipeline([RedisCommand("HSET", key, "state", "adding"), RedisCommand("HDEL", key, "whmcsOrderId")])
            try await Task.sleep(for: .milliseconds(1100))
            await (try worker(api, "rescuer")).runOnce()
            let failed = try #require(try await job(api, orderId))
            #expect(failed.state == .failed)
            #expect(failed.stoppedInState == .adding)

            let blind = try await api.operatorPost("/provisioning/jobs/\(orderId.value)/retry", #"{"by":"oncall"}"#)
            #expect(blind.status == 409)
            #expect(blind.error["code"] as? String == "CONFLICT")
            #expect(try await job(api, orderId)?.state == .failed, "a refused retry changes nothing")
            let both = try await api.operatorPost(
                "/provisioning/jobs/\(orderId.value)/retry",
                #"{"by":"oncall","whmcsOrderId":\#(placed),"notPlaced":true}"#
            )
            #expect(both.status == 400)

            let told = try await api.operatorPost("/provisioning/jobs/\(orderId.value)/retry", #"{"by":"oncall","whmcsOrderId":\#(placed)}"#)
            #expect(told.status == 200)
            #expect(told.json["toState"] as? String == "added")
            #expect(try await worker(api, "w2").runOnce())
            let done = try #require(try await job(api, orderId))
            #expect(done.state == .done)
            #expect(done.whmcsOrderId == placed)
            #expect(calls(api, "AddOrder") == 1)
            #expect(calls(api, "AcceptOrder") == 1)
        }
    }

    @Test func aDiscardedJobIsNeverRunAndItsReasonIsAudited() async throws {
        try await withPlacedOrder(customer: 11) { api, _, orderId in
            try await requestProvisioning(api, orderId, customer: 11)
            let unexplained = try await api.operatorPost("/provisioning/jobs/\(orderId.value)/discard", #"{"by":"oncall"}"#)
            #expect(unexplained.status == 400)
            #expect((unexplained.error["fields"] as? [String: String])?["reason"] != nil)

            let discarded = try await api.operatorPost(
                "/provisioning/jobs/\(orderId.value)/discard",
                #"{"by":"oncall","reason":"customer cancelled by phone"}"#
            )
            #expect(discarded.status == 200)
            #expect(discarded.json["fromState"] as? String == "queued")
            #expect(try await worker(api, "w1").runOnce(), "the worker takes the entry and acknowledges it")
            #expect(try await job(api, orderId)?.state == .discarded)
            #expect(calls(api, "AddOrder") == 0)
            #expect(try await api.operatorGet("/provisioning/jobs").body == Data("[]".utf8))

            let twice = try await api.operatorPost("/provisioning/jobs/\(orderId.value)/discard", #"{"by":"oncall","reason":"again"}"#)
            #expect(twice.status == 409)
            let shown = try await api.operatorGet("/provisioning/jobs/\(orderId.value)")
            #expect((shown.json["audit"] as? [[String: Any]])?.first?["reason"] as? String == "customer cancelled by phone")
            #expect(try await api.operatorGet("/provisioning/jobs/801000000000000AAA").status == 404)
            #expect(try await api.operatorGet("/provisioning/jobs/not%3Aan%7Bid").status == 400)
        }
    }
}
