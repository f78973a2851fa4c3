import RapportCore
import Testing

@Suite struct MoneyTests {
    @Test(
        arguments: [
            ("1,250,000.50", "USD", Int64(125_000_050)),
            ("1250000.5", "USD", 125_000_050),
            ("1 250 000", "EUR", 125_000_000),
            ("1_000", "EUR", 100_000),
            ("0.29", "USD", 29),  // 0.29 * 100 is 28.999… in floating point
            ("0.07", "USD", 7),
            ("-3.25", "USD", -325),
            ("  42 ", "GBP", 4200),
            ("5.", "USD", 500),
            ("0", "USD", 0),
            ("999,999,999,999,999.99", "USD", 99_999_999_999_999_999),  // beyond Double's exact integers
            // Zero-decimal currencies.
            ("1,000", "JPY", 1000),
            ("1234567", "KRW", 1_234_567),
            // Three-decimal currencies.
            ("1.234", "KWD", 1234),
            ("1.2", "BHD", 1200),
            ("12", "OMR", 12000),
            ("999999999999999.999", "KWD", 999_999_999_999_999_999),
        ])
    func parsesExactly(text: String, currency: String, minor: Int64) throws {
        let money = try Money.parse(text, currency: currency)
        #expect(money == Money(minor: minor, currency: currency))
    }

    @Test(
        arguments: [
            ("", "USD"),
            ("abc", "USD"),
            ("1.2.3", "USD"),
            ("12.345", "USD"),  // more decimals than the currency has
            ("1.5", "JPY"),
            ("1.2345", "KWD"),
            (".5", "USD"),
            ("+5", "USD"),
            ("--5", "USD"),
            ("1e5", "USD"),
            ("$100", "USD"),
            ("100 USD", "USD"),
            ("٣", "USD"),  // a non-ASCII digit
            ("NaN", "USD"),
            ("1000000000000000", "USD"),  // sixteen integer digits
            ("9223372036854775807", "JPY"),
            ("99999999999999999999", "USD"),
        ])
    func rejectsWhatIsNotAnAmount(text: String, currency: String) {
        #expect(throws: RapportError.self) { try Money.parse(text, currency: currency) }
    }

    @Test(
        arguments: [
            (Int64(125_000_050), "USD", "1,250,000.50"),
            (0, "USD", "0.00"),
            (5, "USD", "0.05"),
            (-5, "USD", "-0.05"),
            (-123_456, "EUR", "-1,234.56"),
            (100, "EUR", "1.00"),
            (99_999_999_999_999_999, "USD", "999,999,999,999,999.99"),
            (Int64.min, "USD", "-92,233,720,368,547,758.08"),
            (Int64.max, "USD", "92,233,720,368,547,758.07"),
            (1_234_567, "JPY", "1,234,567"),
            (0, "JPY", "0"),
            (-999, "JPY", "-999"),
            (1234, "KWD", "1.234"),
            (5, "KWD", "0.005"),
            (1_000_000_000, "BHD", "1,000,000.000"),
        ])
    func formatsWithGroupingAndTheCurrencysDecimals(minor: Int64, currency: String, text: String) {
        #expect(Money(minor: minor, currency: currency).formattedAmount == text)
    }

    @Test(arguments: [Int64(0), 1, 9, 10, 99, 100, 101, 12345, -1, -100, 123_456_789_012, 999_999_999_999_999])
    func parsingTheFormattedAmountGivesItBack(minor: Int64) throws {
        for currency in ["USD", "JPY", "KWD"] {
            let money = Money(minor: minor, currency: currency)
            #expect(try Money.parse(money.formattedAmount, currency: currency) == money)
        }
    }

    @Test func descriptionNamesTheCurrency() {
        #expect(Money(minor: 123_456, currency: "EUR").description == "EUR 1,234.56")
    }

    @Test(arguments: [("JPY", 0), ("USD", 2), ("EUR", 2), ("XYZ", 2), ("KWD", 3), ("TND", 3), ("ISK", 0)])
    func exponentFollowsISO4217(currency: String, exponent: Int) {
        #expect(Money.exponent(of: currency) == exponent)
    }

    @Test(arguments: [("USD", true), ("eur", false), ("US", false), ("USDX", false), ("U$D", false), ("ÄBC", false)])
    func currencyCodesAreThreeUpperCaseLetters(code: String, valid: Bool) {
        #expect(Money.isValidCurrency(code) == valid)
    }
}
