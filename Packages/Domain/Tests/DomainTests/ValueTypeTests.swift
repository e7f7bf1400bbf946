import Domain
import Foundation
import PropertyBased
import Testing

// Expectations here come from the standards the types implement (ISO 4217 minor units, the proleptic
// Gregorian calendar, RFC 3339, Salesforce's documented 15→18 id checksum), computed independently.

// MARK: - ExactDecimal

@Suite("ExactDecimal")
struct ExactDecimalTests {
    @Test(arguments: [
        ("1.0816E7", "10816000"), ("2.50", "2.5"), ("12.50", "12.5"), ("-0.0", "0"), ("0.000", "0"), ("1200.00", "1200"),
        ("-12.345", "-12.345"), ("4.104E4", "41040"), ("7.016E3", "7016"), ("1e-3", "0.001"), ("+5", "5"), (".5", "0.5"),
        ("-0.05", "-0.05"), ("10", "10"), ("1.23e1", "12.3"), ("000123", "123"),
    ])
    func parsesAndRendersTheShortestPlainDecimal(_ text: String, _ rendered: String) throws {
        let decimal = try #require(ExactDecimal(text))
        #expect(decimal.description == rendered)
    }

    @Test func equalValuesWrittenDifferentlyAreEqual() {
        #expect(ExactDecimal("2.50") == ExactDecimal("2.5"))
        #expect(ExactDecimal("1.0816E7") == ExactDecimal("10816000"))
        #expect(ExactDecimal("-0.0") == ExactDecimal("0"))
        #expect(ExactDecimal("1.0816E7") == ExactDecimal(10_816_000))
    }

    @Test(arguments: ["1e", "abc", "", "1e+", "-", "+", ".", "1.2.3", "1,5", " 1", "1 ", "0x10", "NaN", "Infinity", "1e5e5", "١٢"])
    func refusesTextThatIsNotANumber(_ text: String) {
        #expect(ExactDecimal(text) == nil)
    }

    @Test func acceptsSignificantDigitsUpToTheSixtyFourBitRange() {
        #expect(ExactDecimal("9223372036854775807")?.coefficient == Int64.max)
        #expect(ExactDecimal("-9223372036854775808")?.coefficient == Int64.min)
        #expect(ExactDecimal("-92233720368547758.08")?.description == "-92233720368547758.08")
    }

    @Test func refusesSignificantDigitsBeyondTheSixtyFourBitRange() {
        #expect(ExactDecimal("9223372036854775808") == nil)
        #expect(ExactDecimal("12345678901234567891") == nil)
        #expect(ExactDecimal("12345678901234567890")?.exponent == 1)
        #expect(ExactDecimal("1.2345678901234567890123") == nil)
        #expect(ExactDecimal("-9223372036854775809") == nil)
    }

    @Test func acceptsEighteenSignificantDigits() {
        #expect(ExactDecimal("123456789012345678")?.description == "123456789012345678")
        #expect(ExactDecimal("0.000123456789012345678")?.description == "0.000123456789012345678")
    }

    @Test func valueIsCoefficientTimesTenToTheExponent() throws {
        let decimal = try #require(ExactDecimal("1.0816E7"))
        #expect(decimal.coefficient == 10816 && decimal.exponent == 3)
        #expect(decimal.scaledInteger(scale: 0) == 10_816_000)
        #expect(ExactDecimal("12.5")?.scaledInteger(scale: 2) == 1250)
        #expect(ExactDecimal("12.345")?.scaledInteger(scale: 2) == nil, "scaling never drops non-zero digits")
    }

    /// Any Int64 written as plain decimal text with a decimal point anywhere reads back as that value.
    @Test func plainDecimalTextOfAnyEighteenDigitNumberReadsBackExactly() async {
        await propertyCheck(count: 300, input: Gen<Int64>.value(in: -999_999_999_999_999_999...999_999_999_999_999_999), Gen.int(in: 0...18)) {
            coefficient,
            fractionDigits in
            let magnitude = String(coefficient.magnitude)
            let padded = String(repeating: "0", count: max(0, fractionDigits + 1 - magnitude.count)) + magnitude
            let split = padded.index(padded.endIndex, offsetBy: -fractionDigits)
            let text = (coefficient < 0 ? "-" : "") + padded[..<split] + (fractionDigits > 0 ? "." + padded[split...] : "")
            let decimal = ExactDecimal(text)
            #expect(decimal != nil, "\(text)")
            #expect(decimal?.scaledInteger(scale: fractionDigits) == coefficient, "\(text)")
            #expect(decimal.map { ExactDecimal($0.description) } == decimal, "description of \(text) reads back")
        }
    }

    @Test(arguments: ["1e18", "1e30", "9e18", "1.5e20", "-1e-30", "123456789012345678e12"])
    func descriptionOfLargeAndSmallValuesParsesBack(_ text: String) {
        let decimal = ExactDecimal(text)
        #expect(decimal != nil)
        #expect(decimal.flatMap { ExactDecimal($0.description) } == decimal, "\(text) → \(decimal?.description ?? "nil")")
    }

    @Test func exponentsBeyondThirtyAreRefused() {
        #expect(ExactDecimal("1e31") == nil)
        #expect(ExactDecimal("1e-31") == nil)
        #expect(ExactDecimal("1e400") == nil)
        #expect(ExactDecimal("10e30") == nil)
    }

    /// Whatever literal is accepted denotes the value Foundation reads from it, and its description reads back.
    @Test func acceptedLiteralsKeepTheirValueAndTheirDescriptionReadsBack() async {
        let literals = Generator<String, Shrink.None<String>>(run: { rng in ArbitraryRawJSON.numberLiteral(using: &rng) })
        await propertyCheck(count: 500, input: literals) { text in
            guard let decimal = ExactDecimal(text) else { return }
            if let foundation = Decimal(string: text) {  // Foundation gives up on exponents beyond ±127
                #expect(Decimal(string: decimal.description) == foundation, "\(text) → \(decimal)")
            }
            #expect(ExactDecimal(decimal.description) == decimal, "\(text) → \(decimal)")
            #expect(!decimal.description.contains("e") && !decimal.description.contains("E"))
        }
    }
}

// MARK: - CurrencyCode and Money

@Suite("CurrencyCode and Money")
struct MoneyTests {
    private func money(_ amount: String, _ currency: String) throws -> Money {
        try Money(#require(ExactDecimal(amount)), currency: #require(CurrencyCode(currency)))
    }

    private func failure(_ amount: String, _ currency: String) throws -> Money.Failure? {
        let decimal = try #require(ExactDecimal(amount))
        let code = try #require(CurrencyCode(currency))
        do throws(Money.Failure) {
            _ = try Money(decimal, currency: code)
            return nil
        } catch {
            return error
        }
    }

    /// ISO 4217 minor units (the standard's table, not the implementation's).
    @Test(arguments: [
        ("JPY", 0), ("KRW", 0), ("VND", 0), ("CLP", 0), ("ISK", 0), ("XAF", 0), ("USD", 2), ("EUR", 2), ("GBP", 2), ("CNY", 2),
        ("AUD", 2), ("INR", 2), ("KWD", 3), ("BHD", 3), ("JOD", 3), ("OMR", 3), ("TND", 3), ("IQD", 3), ("LYD", 3), ("CLF", 4),
    ])
    func minorDigitsFollowIso4217(_ code: String, _ digits: Int) throws {
        #expect(try #require(CurrencyCode(code)).minorDigits == digits)
    }

    @Test func currencyCodesAreThreeLettersStoredUpperCase() {
        #expect(CurrencyCode("usd")?.code == "USD")
        #expect(CurrencyCode("Jpy")?.code == "JPY")
        #expect(CurrencyCode("JPY") == CurrencyCode.jpy)
    }

    @Test(arguments: ["", "US", "USDD", "U$D", "US ", " US", "123", "ＵＳＤ", "ÉUR", "U-D", "usd\n"])
    func currencyCodesThatAreNotThreeAsciiLettersAreRefused(_ text: String) {
        #expect(CurrencyCode(text) == nil)
    }

    @Test
    func nonAsciiLettersThatUpperCaseToAsciiAreRefused() {
        #expect(CurrencyCode("uſd") == nil)
        #expect(CurrencyCode("ıls") == nil)
        #expect(CurrencyCode("ſek") == nil)
    }

    @Test func wholeYenWithZeroMinorDigitsIsAccepted() throws {
        #expect(try money("1200.00", "JPY") == Money(minorUnits: 1200, currency: .jpy))
        #expect(try money("1.0816E7", "JPY").minorUnits == 10_816_000)
    }

    @Test func digitsBelowTheCurrencysMinorUnitAreTooPrecise() throws {
        #expect(try failure("1200.5", "JPY") == .tooPrecise)
        #expect(try failure("12.345", "USD") == .tooPrecise)
        #expect(try failure("1.0001", "KWD") == .tooPrecise)
        #expect(try failure("12.340", "USD") == nil, "trailing zeros lose nothing")
    }

    @Test func amountsBeyondInt64MinorUnitsAreTooLarge() throws {
        #expect(try failure("1e17", "USD") == .tooLarge)
        #expect(try failure("-1e17", "USD") == .tooLarge)
        #expect(try failure("1e19", "JPY") == .tooLarge)
        #expect(try failure("1e16", "USD") == nil)
    }

    @Test func addingSumsMinorUnitsInOneCurrency() throws {
        #expect(try money("12.50", "USD").adding(money("0.75", "USD")) == money("13.25", "USD"))
    }

    @Test func addingAcrossCurrenciesIsNil() throws {
        #expect(try money("1", "USD").adding(money("1", "EUR")) == nil)
        #expect(try money("0", "JPY").adding(money("0", "USD")) == nil)
    }

    @Test func addingThatOverflowsIsNil() {
        let usd = CurrencyCode("USD")!
        #expect(Money(minorUnits: .max, currency: usd).adding(Money(minorUnits: 1, currency: usd)) == nil)
        #expect(Money(minorUnits: .min, currency: usd).adding(Money(minorUnits: -1, currency: usd)) == nil)
    }

    @Test(arguments: [
        ("-0.05", "USD", "-0.05"), ("0.05", "USD", "0.05"), ("12.5", "USD", "12.50"), ("0", "USD", "0.00"), ("1200", "JPY", "1200"),
        ("-1200", "JPY", "-1200"), ("0.5", "KWD", "0.500"), ("-0.001", "KWD", "-0.001"), ("1.0816E7", "JPY", "10816000"),
        ("0.0001", "CLF", "0.0001"), ("-10", "USD", "-10.00"), ("-0.0", "USD", "0.00"),
    ])
    func amountIsRenderedWithTheCurrencysMinorDigits(_ amount: String, _ currency: String, _ rendered: String) throws {
        #expect(try money(amount, currency).amount == rendered)
    }

    /// Every amount has exactly the currency's minor digits and denotes its minor units.
    @Test func renderedAmountDenotesTheMinorUnits() async {
        let codes = ["JPY", "USD", "KWD", "CLF"]
        await propertyCheck(count: 400, input: Gen<Int64>.value(in: -999_999_999_999_999_999...999_999_999_999_999_999), Gen.int(in: 0...3)) {
            units,
            index in
            let currency = CurrencyCode(codes[index])!
            let amount = Money(minorUnits: units, currency: currency).amount
            let fraction = amount.split(separator: ".", omittingEmptySubsequences: false).dropFirst().first
            #expect((fraction?.count ?? 0) == currency.minorDigits, "\(amount) \(currency)")
            let digitsOnly = amount.filter { $0 != "." && $0 != "-" }
            #expect(Int64(digitsOnly).map { amount.hasPrefix("-") ? -$0 : $0 } == units, "\(amount) \(currency)")
        }
    }
}

// MARK: - LocalDate

@Suite("LocalDate")
struct LocalDateTests {
    /// The Gregorian leap-year rule, written out independently.
    private func isLeap(_ year: Int) -> Bool {
        if year % 400 == 0 { return true }
        if year % 100 == 0 { return false }
        return year % 4 == 0
    }

    private func daysIn(_ month: Int, _ year: Int) -> Int {
        [31, isLeap(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
    }

    @Test func leapDaysExistOnlyInLeapYears() {
        #expect(LocalDate(year: 2024, month: 2, day: 29) != nil)
        #expect(LocalDate(year: 2023, month: 2, day: 29) == nil)
        #expect(LocalDate(year: 1900, month: 2, day: 29) == nil)
        #expect(LocalDate(year: 2000, month: 2, day: 29) != nil)
        #expect(LocalDate("2024-02-29") != nil)
        #expect(LocalDate("2023-02-29") == nil)
        #expect(LocalDate("1900-02-29") == nil)
        #expect(LocalDate("2000-02-29") != nil)
    }

    @Test(arguments: [(2024, 4, 31), (2024, 13, 1), (2024, 0, 1), (2024, 1, 0), (2024, 1, 32), (0, 1, 1), (10000, 1, 1), (-1, 1, 1)])
    func impossibleDatesAreRefused(_ year: Int, _ month: Int, _ day: Int) {
        #expect(LocalDate(year: year, month: month, day: day) == nil)
    }

    @Test func everyDayOfEveryMonthOfACenturyIsValidAndNoOtherIs() {
        for year in 1896...2004 {
            for month in 1...12 {
                for day in 1...31 {
                    #expect((LocalDate(year: year, month: month, day: day) != nil) == (day <= daysIn(month, year)), "\(year)-\(month)-\(day)")
                }
            }
        }
    }

    @Test func compactYyyymmddFormReadsLikeTheDashedForm() {
        #expect(LocalDate("20240401") == LocalDate(year: 2024, month: 4, day: 1))
        #expect(LocalDate("20240401") == LocalDate("2024-04-01"))
        #expect(LocalDate("20240229") != nil)
        #expect(LocalDate("20230229") == nil)
    }

    @Test(arguments: [
        "2024-4-1", "2024/04/01", "24-04-01", "2024041", "202404011", "2024-04-01T00:00:00Z", "", "abcdefgh", "2024-04-0１", "0000-01-01",
        "-024-04-01",
    ])
    func textInOtherFormsIsRefused(_ text: String) {
        #expect(LocalDate(text) == nil)
    }

    @Test func descriptionIsDashedIsoWithPadding() {
        #expect(LocalDate(year: 2024, month: 4, day: 1)?.description == "2024-04-01")
        #expect(LocalDate(year: 1, month: 1, day: 1)?.description == "0001-01-01")
        #expect(LocalDate("20240401")?.description == "2024-04-01")
    }

    @Test func daysSinceEpochMatchesKnownAnchors() {
        #expect(LocalDate(year: 1970, month: 1, day: 1)?.daysSinceEpoch == 0)
        #expect(LocalDate(year: 1969, month: 12, day: 31)?.daysSinceEpoch == -1)
        #expect(LocalDate(year: 2000, month: 3, day: 1)?.daysSinceEpoch == 11_017)
        #expect(LocalDate(year: 1, month: 1, day: 1)?.daysSinceEpoch == -719_162)
        #expect(LocalDate(year: 9999, month: 12, day: 31)?.daysSinceEpoch == 2_932_896)
    }

    @Test func daysOutsideYearsOneTo9999HaveNoDate() {
        #expect(LocalDate(daysSinceEpoch: -719_163) == nil)
        #expect(LocalDate(daysSinceEpoch: 2_932_897) == nil)
        #expect(LocalDate(daysSinceEpoch: .min / 2) == nil)
        #expect(LocalDate(daysSinceEpoch: .max / 2) == nil)
    }

    @Test func daysSinceEpochRoundTripsOverTheWholeRange() async {
        await propertyCheck(count: 500, input: Gen.int(in: -719_162...2_932_896)) { days in
            let date = LocalDate(daysSinceEpoch: days)
            #expect(date?.daysSinceEpoch == days)
        }
    }

    /// The day after any date is its calendar successor, computed here by hand.
    @Test func consecutiveDayNumbersAreConsecutiveCalendarDays() async {
        await propertyCheck(count: 500, input: Gen.int(in: -719_162...2_932_895)) { days in
            guard let date = LocalDate(daysSinceEpoch: days), let next = LocalDate(daysSinceEpoch: days + 1) else {
                Issue.record("no date for \(days)")
                return
            }
            let expected =
                date.day < daysIn(date.month, date.year)
                ? (date.year, date.month, date.day + 1)
                : date.month < 12 ? (date.year, date.month + 1, 1) : (date.year + 1, 1, 1)
            #expect((next.year, next.month, next.day) == expected, "after \(date)")
            #expect(date < next)
        }
    }

    @Test func dayNumbersAgreeWithFoundationsGregorianCalendar() async {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let utc = calendar
        // Foundation's calendar switches to Julian before October 1582; compare from 1583 on.
        await propertyCheck(count: 300, input: Gen.int(in: -141_349...2_932_896)) { days in
            let parts = utc.dateComponents([.year, .month, .day], from: Date(timeIntervalSince1970: TimeInterval(days) * 86_400))
            let date = LocalDate(daysSinceEpoch: days)
            #expect(date?.year == parts.year && date?.month == parts.month && date?.day == parts.day, "\(days) → \(parts)")
        }
    }

    @Test func addingDaysMovesAlongTheCalendar() {
        #expect(LocalDate(year: 2024, month: 2, day: 28)?.adding(days: 1) == LocalDate(year: 2024, month: 2, day: 29))
        #expect(LocalDate(year: 2023, month: 2, day: 28)?.adding(days: 1) == LocalDate(year: 2023, month: 3, day: 1))
        #expect(LocalDate(year: 2024, month: 1, day: 1)?.adding(days: -1) == LocalDate(year: 2023, month: 12, day: 31))
        #expect(LocalDate(year: 1, month: 1, day: 1)?.adding(days: -1) == nil)
    }
}

// MARK: - Instant

@Suite("Instant")
struct InstantTests {
    /// Milliseconds since 1970 for a UTC wall-clock time, computed with Foundation's calendar.
    private func utcMilliseconds(_ year: Int, _ month: Int, _ day: Int, _ hour: Int, _ minute: Int, _ second: Int, ms: Int = 0) -> Int64 {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let date = calendar.date(from: DateComponents(year: year, month: month, day: day, hour: hour, minute: minute, second: second))!
        return Int64(date.timeIntervalSince1970) * 1000 + Int64(ms)
    }

    @Test func salesforceDateTimesWithAnOffsetWithoutColonParse() {
        #expect(Instant("2024-01-15T10:30:00.000+0000")?.millisecondsSinceEpoch == utcMilliseconds(2024, 1, 15, 10, 30, 0))
        #expect(Instant("2024-02-01T09:00:00.000+0900")?.millisecondsSinceEpoch == utcMilliseconds(2024, 2, 1, 0, 0, 0))
    }

    @Test func rfc3339OffsetsAreSubtracted() {
        #expect(Instant("2024-04-20T00:00:00+09:00")?.millisecondsSinceEpoch == utcMilliseconds(2024, 4, 19, 15, 0, 0))
        #expect(Instant("2024-04-20T00:00:00-05:30")?.millisecondsSinceEpoch == utcMilliseconds(2024, 4, 20, 5, 30, 0))
        #expect(Instant("2024-04-20T00:00:00Z") == Instant("2024-04-20T09:00:00+09:00"))
        #expect(Instant("2024-04-20t00:00:00z") == Instant("2024-04-20T00:00:00Z"))
    }

    @Test func fractionalSecondsKeepMilliseconds() {
        #expect(Instant("2024-03-01T01:02:03.5Z")?.millisecondsSinceEpoch == utcMilliseconds(2024, 3, 1, 1, 2, 3, ms: 500))
        #expect(Instant("2024-03-01T01:02:03.123Z")?.millisecondsSinceEpoch == utcMilliseconds(2024, 3, 1, 1, 2, 3, ms: 123))
        #expect(Instant("2024-03-01T01:02:03.123999Z")?.millisecondsSinceEpoch == utcMilliseconds(2024, 3, 1, 1, 2, 3, ms: 123))
        #expect(Instant("2024-03-01T01:02:03.04+09:00")?.millisecondsSinceEpoch == utcMilliseconds(2024, 2, 29, 16, 2, 3, ms: 40))
    }

    @Test func descriptionIsRfc3339InUtcWithMillisecondsOnlyWhenPresent() {
        #expect(Instant("2024-01-15T10:30:00.000+0000")?.description == "2024-01-15T10:30:00Z")
        #expect(Instant("2024-04-20T00:00:00+09:00")?.description == "2024-04-19T15:00:00Z")
        #expect(Instant("2024-03-01T01:02:03.5Z")?.description == "2024-03-01T01:02:03.500Z")
        #expect(Instant(millisecondsSinceEpoch: -1)?.description == "1969-12-31T23:59:59.999Z")
        #expect(Instant(millisecondsSinceEpoch: 0)?.description == "1970-01-01T00:00:00Z")
    }

    @Test(arguments: [
        "2024-01-15 10:30:00", "2024-01-15T10:30:00", "2024-01-15", "2024-01-15T24:00:00Z", "2024-01-15T10:60:00Z",
        "2024-02-30T10:00:00Z", "2024-01-15T10:30:00+2400", "2024-01-15T10:30:00+09", "2024-01-15T10:30:00.Z",
        "2024-01-15T10:30:00Z ", "2024-01-15X10:30:00Z", "", "now", "2024-01-15T10:30:00+09:00:00",
    ])
    func textWithoutAValidOffsetOrTimeIsNotAnInstant(_ text: String) {
        #expect(Instant(text) == nil)
    }

    @Test func wallClockTimeWithoutOffsetIsReadInTheGivenZone() throws {
        let tokyo = try #require(TimeZone(identifier: "Asia/Tokyo"))
        #expect(Instant("2024-01-15 10:30:00", assumingZone: tokyo)?.description == "2024-01-15T01:30:00Z")
        #expect(Instant("2024-03-10 14:05:09", assumingZone: tokyo) == Instant("2024-03-10T05:05:09Z"))
    }

    @Test func theZoneFollowsDaylightSavingOnTheDate() throws {
        let newYork = try #require(TimeZone(identifier: "America/New_York"))
        #expect(Instant("2024-07-01 12:00:00", assumingZone: newYork)?.description == "2024-07-01T16:00:00Z")
        #expect(Instant("2024-01-01 12:00:00", assumingZone: newYork)?.description == "2024-01-01T17:00:00Z")
    }

    @Test func anExplicitOffsetWinsOverTheAssumedZone() throws {
        let tokyo = try #require(TimeZone(identifier: "Asia/Tokyo"))
        #expect(Instant("2024-01-15T10:30:00Z", assumingZone: tokyo)?.description == "2024-01-15T10:30:00Z")
    }

    /// Foundation's RFC 3339 formatter and `Instant` agree both ways across 1970–2100.
    @Test func agreesWithFoundationsIso8601Formatter() async {
        await propertyCheck(count: 300, input: Gen<Int64>.value(in: 0...4_102_444_800_000)) { milliseconds in
            let formatter = ISO8601DateFormatter()
            formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
            let date = Date(timeIntervalSince1970: Double(milliseconds) / 1000)
            guard let instant = Instant(millisecondsSinceEpoch: milliseconds) else {
                Issue.record("\(milliseconds) ms is within years 1970-2100")
                return
            }
            #expect(Instant(formatter.string(from: date)) == instant, "\(formatter.string(from: date))")
            let plain = ISO8601DateFormatter()
            let parsed = formatter.date(from: instant.description) ?? plain.date(from: instant.description)
            #expect(parsed.map { Int64(($0.timeIntervalSince1970 * 1000).rounded()) } == milliseconds, "\(instant)")
        }
    }

    @Test func descriptionParsesBackAcrossYearsOneTo9999() async {
        await propertyCheck(count: 500, input: Gen<Int64>.value(in: -62_135_596_800_000...253_402_300_799_999)) { milliseconds in
            guard let instant = Instant(millisecondsSinceEpoch: milliseconds) else {
                Issue.record("\(milliseconds) ms is within years 1-9999")
                return
            }
            #expect(Instant(instant.description) == instant, "\(instant)")
        }
    }

    @Test func instantsOutsideYearsOneTo9999AreRefused() {
        #expect(Instant(millisecondsSinceEpoch: Instant.representable.upperBound + 1) == nil)
        #expect(Instant(millisecondsSinceEpoch: Instant.representable.lowerBound - 1) == nil)
        #expect(Instant("9999-12-31T23:00:00-05:00") == nil)
        #expect(Instant("0001-01-01T00:00:00+09:00") == nil)
    }

    @Test
    func acceptedInstantsNearTheEndsOfTheCalendarRenderFaithfully() {
        for text in ["9999-12-31T23:00:00-05:00", "0001-01-01T00:00:00+09:00"] {
            guard let instant = Instant(text) else { continue }  // refusing is fine too
            #expect(Instant(instant.description) == instant, "\(text) → \(instant)")
        }
    }
}

// MARK: - SalesforceId

@Suite("SalesforceId")
struct SalesforceIdTests {
    /// The documented algorithm: for each block of five characters, read a 5-bit number whose bit i is 1 when
    /// character i is an upper-case letter (first character = lowest bit), and map 0–25 to A–Z, 26–31 to 0–5.
    private func referenceSuffix(_ id: String) -> String {
        let characters = Array(id)
        var suffix = ""
        for block in 0..<3 {
            let binary = characters[(block * 5)..<(block * 5 + 5)].reversed().map { $0.isASCII && $0.isUppercase ? "1" : "0" }.joined()
            let number = Int(binary, radix: 2)!
            suffix += number < 26 ? String(UnicodeScalar(UInt8(65 + number))) : String(number - 26)
        }
        return suffix
    }

    private static let alphanumerics = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
    private let ids = Gen<Character?>.element(of: SalesforceIdTests.alphanumerics).map { $0! }.string(of: 15)

    @Test func fifteenCharacterIdsGainTheDocumentedSuffix() async {
        await propertyCheck(count: 500, input: ids) { id in
            #expect(SalesforceId(id)?.value == id + referenceSuffix(id))
        }
    }

    @Test func knownIdsGainTheirKnownSuffixes() {
        #expect(referenceSuffix("0015g00000XyZ12") == "AAF")
        #expect(SalesforceId("0015g00000XyZ12")?.value == "0015g00000XyZ12AAF")
        #expect(SalesforceId("8015g00000AbCdE")?.value == "8015g00000AbCdEAAV")
    }

    @Test func eighteenCharacterIdsWithTheRightSuffixAreKept() async {
        await propertyCheck(count: 300, input: ids) { id in
            #expect(SalesforceId(id + referenceSuffix(id))?.value == id + referenceSuffix(id))
        }
    }

    @Test func eighteenCharacterIdsWithAWrongSuffixAreRefused() async {
        let suffixes = Gen<Character?>.element(of: Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ012345")).map { $0! }.string(of: 3)
        await propertyCheck(count: 300, input: ids, suffixes) { id, suffix in
            guard suffix != referenceSuffix(id) else { return }
            #expect(SalesforceId(id + suffix) == nil, "\(id + suffix)")
        }
        #expect(SalesforceId("0015g00000XyZ12AAA") == nil)
        #expect(SalesforceId("0015g00000XyZ12FAA") == nil)
    }

    @Test func theFifteenAndEighteenFormsOfOneIdAreEqual() async {
        #expect(SalesforceId("0015g00000XyZ12") == SalesforceId("0015g00000XyZ12AAF"))
        await propertyCheck(count: 200, input: ids) { id in
            #expect(SalesforceId(id) == SalesforceId(id + referenceSuffix(id)))
        }
    }

    @Test func idsDifferingOnlyInCaseHaveDifferentEighteenCharacterForms() async {
        await propertyCheck(count: 200, input: ids) { id in
            let flipped = String(id.map { $0.isUppercase ? Character($0.lowercased()) : Character($0.uppercased()) })
            guard flipped != id, let a = SalesforceId(id), let b = SalesforceId(flipped) else { return }
            #expect(a.value.lowercased() != b.value.lowercased(), "\(a) vs \(b)")
        }
    }

    @Test(arguments: [
        "' OR 1=1 --AAAA", "0015g00000XyZ1'", "0015g00000XyZ1 ", "0015g00000XyZ1\"", "0015g00000-yZ12", "0015g00000XyZ12AA'",
        "0015g00000XyZ1%", "0015g00000XyZ1\\", "0015g00000XyZé", "0015g00000Xy２", "0015g00000XyZ1\u{0}",
    ])
    func nonAlphanumericCharactersAreRefused(_ text: String) {
        #expect(SalesforceId(text) == nil)
    }

    @Test(arguments: ["", "0015g00000XyZ1", "0015g00000XyZ12A", "0015g00000XyZ12AA", "0015g00000XyZ12AAFX"])
    func lengthsOtherThan15Or18AreRefused(_ text: String) {
        #expect(SalesforceId(text) == nil)
    }
}
