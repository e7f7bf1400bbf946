import Domain
import Testing

@Suite("Freebit mappers")
struct FreebitMapperTests {
    let today = LocalDate(year: 2024, month: 3, day: 1)!

    @Test func simDetailsConvertKilobytesAndDates() throws {
        let context = FreebitMappingContext(today: today, planNames: ["PSP10G": "10GB プラン"])
        let sim = try Providers.Freebit.simDetails(from: Fixture.raw("freebit/getDetail"), context: context)
        #expect(sim.account == "08012345678")
        #expect(sim.iccid == "8981100001234567890")
        #expect(sim.status == .active)
        #expect(sim.remainingQuotaMB == 10240)
        #expect(sim.startedOn == LocalDate(year: 2024, month: 4, day: 1))
        #expect(sim.networkType == "5G")
        #expect(sim.planName == "10GB プラン")
    }

    @Test func undocumentedFlagEncodingsReadAsUnknown() throws {
        let sim = try Providers.Freebit.simDetails(from: Fixture.raw("freebit/getDetail"))
        #expect(sim.voice == nil)
        #expect(sim.sms == nil)
    }

    @Test func assumedFieldsMayBeAbsent() throws {
        let payload = #"{"resultCode":"100","responseDatas":[{"account":"08012345678","state":"suspend"}]}"#
        let sim = try Providers.Freebit.simDetails(from: RawJSON.parse(payload))
        #expect(sim.status == .suspended)
        #expect(sim.iccid == nil)
        #expect(sim.remainingQuotaMB == nil)
    }

    @Test func usageDatesTheRecentDaysBackwardsFromToday() throws {
        let usage = try Providers.Freebit.usage(from: Fixture.raw("freebit/getTrafficInfo"), context: FreebitMappingContext(today: today))
        #expect(usage.days.map(\.date.description) == ["2024-02-27", "2024-02-28", "2024-02-29", "2024-03-01"])
        #expect(usage.days.map(\.usedMB) == [1024, 0, 100, 51])
        #expect(usage.from.description == "2024-02-27")
        #expect(usage.to == today)
    }

    @Test func totalUsageIsConvertedOnceFromTheKilobyteSum() throws {
        let usage = try Providers.Freebit.usage(from: Fixture.raw("freebit/getTrafficInfo"), context: FreebitMappingContext(today: today))
        #expect(usage.totalUsedMB == (52224 + 102_400 + 0 + 1_048_576) / 1024)
    }

    @Test func aWindowKeepsOnlyItsDaysAndTotalsThem() throws {
        let window = LocalDate(year: 2024, month: 2, day: 28)!...LocalDate(year: 2024, month: 2, day: 29)!
        let usage = try Providers.Freebit.usage(
            from: Fixture.raw("freebit/getTrafficInfo"),
            context: FreebitMappingContext(today: today, window: window)
        )
        #expect(usage.days.map(\.date.description) == ["2024-02-28", "2024-02-29"])
        #expect(usage.totalUsedMB == (0 + 102_400) / 1024)
        #expect(usage.from.description == "2024-02-28")
        #expect(usage.to.description == "2024-02-29")
    }

    @Test func aWindowBeyondWhatFreebitKeepsIsEmptyNotAnError() throws {
        let window = LocalDate(year: 2023, month: 1, day: 1)!...LocalDate(year: 2023, month: 1, day: 31)!
        let usage = try Providers.Freebit.usage(
            from: Fixture.raw("freebit/getTrafficInfo"),
            context: FreebitMappingContext(today: today, window: window)
        )
        #expect(usage.days.isEmpty)
        #expect(usage.totalUsedMB == 0)
        #expect(usage.from == window.lowerBound)
    }

    @Test func aBadRecentDayNamesItsPosition() throws {
        let payload = #"{"resultCode":"100","account":"08012345678","traffic":{"today":"1","inRecentDays":"5,x"}}"#
        let error = try #require(throws: MappingError.self) {
            try Providers.Freebit.usage(from: RawJSON.parse(payload), context: FreebitMappingContext(today: today))
        }
        #expect(error.path == "traffic.inRecentDays[1]")
    }

    @Test func aNonSuccessResultCodeIsATypedFailure() throws {
        let failure = try #require(try Providers.Freebit.failure(in: Fixture.raw("freebit/error-parameter")))
        #expect(failure == FreebitAPIError(resultCode: "400", statusCode: "356", message: "Parameter error: account"))
        #expect(failure.kind == .invalidRequest)
    }

    @Test func aFailureIsNeverMappedAsAnEmptyValue() throws {
        #expect(throws: MappingError.self) { try Providers.Freebit.simDetails(from: Fixture.raw("freebit/error-parameter")) }
    }

    @Test func resultCodeAsANumberIsStillRead() throws {
        #expect(try Providers.Freebit.failure(in: RawJSON.parse(#"{"resultCode":100}"#)) == nil)
    }

    @Test func topUpEchoesTheConfirmedRequest() throws {
        let expiry = LocalDate(year: 2024, month: 3, day: 31)
        let topUp = try Providers.Freebit.topUp(
            from: RawJSON.parse(#"{"resultCode":"100","status":{"message":"OK"}}"#),
            account: "08012345678",
            addedMB: 1000,
            expiresOn: expiry
        )
        #expect(topUp == SimTopUp(account: "08012345678", addedMB: 1000, expiresOn: expiry))
    }
}
