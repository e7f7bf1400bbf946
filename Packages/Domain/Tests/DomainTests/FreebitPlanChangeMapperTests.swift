import Domain
import Testing

@Suite("Freebit plan change mappers")
struct FreebitPlanChangeMapperTests {
    let context = FreebitMappingContext(today: LocalDate(year: 2026, month: 12, day: 2)!, planNames: ["PSP20G": "データ 20GB"])

    private func detail(_ extra: String) throws -> RawJSON {
        try RawJSON.parse(
            #"{"resultCode":"100","responseDatas":[{"kind":"MVNO","account":"08012345678","state":"active","planCode":"PSP10G"\#(extra)}]}"#
        )
    }

    @Test func aReservedPlanChangeIsPendingWithItsNameAndDate() throws {
        let sim = try Providers.Freebit.simDetails(from: detail(#","nextPlanCode":"PSP20G","nextPlanDate":"20270101""#), context: context)
        #expect(
            sim.pendingPlanChange
                == SimPendingPlanChange(planCode: "PSP20G", planName: "データ 20GB", effectiveOn: LocalDate(year: 2027, month: 1, day: 1)!)
        )
        #expect(sim.planCode == "PSP10G")
    }

    @Test func noReservationOrAnEmptyOneIsNoPendingChange() throws {
        #expect(try Providers.Freebit.simDetails(from: detail(""), context: context).pendingPlanChange == nil)
        #expect(try Providers.Freebit.simDetails(from: detail(#","nextPlanCode":"","nextPlanDate":"""#), context: context).pendingPlanChange == nil)
    }

    @Test func aReservedPlanWithoutItsDateNamesTheMissingField() throws {
        let error = try #require(throws: MappingError.self) {
            try Providers.Freebit.simDetails(from: detail(#","nextPlanCode":"PSP20G""#), context: context)
        }
        #expect(error.path == "responseDatas[0].nextPlanDate")
        #expect(error.reason == .missing)
    }

    @Test func aMalformedReservationDateNamesItsField() throws {
        let error = try #require(throws: MappingError.self) {
            try Providers.Freebit.simDetails(from: detail(#","nextPlanCode":"PSP20G","nextPlanDate":"20271345""#), context: context)
        }
        #expect(error.path == "responseDatas[0].nextPlanDate")
        #expect(error.reason == .invalidValue)
    }

    @Test func anAcceptedChangeEchoesThePlanWithItsName() throws {
        let change = try Providers.Freebit.planChange(
            from: RawJSON.parse(#"{"resultCode":"100","status":{"message":"OK","statusCode":"200"}}"#),
            account: "08012345678",
            planCode: "PSP20G",
            effectiveOn: LocalDate(year: 2027, month: 1, day: 1)!,
            scheduled: true,
            context: context
        )
        #expect(change.planName == "データ 20GB")
        #expect(change.scheduled)
    }

    @Test func aFailureAnswerIsNotAnAcceptedChange() throws {
        let raw = try RawJSON.parse(#"{"resultCode":"400","status":{"message":"Parameter error: planCode","statusCode":"358"}}"#)
        let error = try #require(throws: MappingError.self) {
            try Providers.Freebit.planChange(from: raw, account: "08012345678", planCode: "X", effectiveOn: context.today, scheduled: false)
        }
        #expect(error.path == "resultCode")
    }

    @Test func refusalsAreReadFromResultAndStatusCodes() throws {
        func refusal(_ payload: String) throws -> SimPlanChangeRefusal? {
            try #require(try Providers.Freebit.failure(in: RawJSON.parse(payload))).flatMap(SimPlanChangeRefusal.init)
        }
        #expect(try refusal(#"{"resultCode":"400","status":{"message":"Parameter error: planCode","statusCode":"358"}}"#) == .unknownPlan)
        #expect(try refusal(#"{"resultCode":"400","status":{"message":"Parameter error: runTime","statusCode":"359"}}"#) == .invalidDate)
        #expect(try refusal(#"{"resultCode":"500","status":{"message":"Plan change already reserved","statusCode":"521"}}"#) == .changePending)
        #expect(try refusal(#"{"resultCode":"500","status":{"message":"Plan not allowed","statusCode":"522"}}"#) == .notAllowed)
        #expect(try refusal(#"{"resultCode":"400","status":{"message":"Parameter error: account","statusCode":"356"}}"#) == nil)
    }
}
