import RapportCore
import Testing

@Suite struct QuoteArithmeticTests {
    private func line(_ quantity: String, _ unit: Int64, discount: String = "0", tax: String = "0") throws -> QuoteArithmetic.Line {
        QuoteArithmetic.Line(
            quantity: try Quantity.parse(quantity), unitPrice: unit, discount: try Rate.percent(discount, field: "discount"),
            taxRate: try Rate.percent(tax, field: "tax_rate"))
    }

    @Test func aDocumentAddsUpToTheCent() throws {
        let totals = try QuoteArithmetic.totals([
            try line("2.5", 1999, discount: "10", tax: "20"),  // 49.975 → 49.98; −4.998 → 5.00; net 44.98
            try line("3", 1000, tax: "20"),  // 30.00
            try line("1", 99, tax: "8.875"),  // 0.99; tax 0.0878625 → 0.09
        ])
        #expect(totals.lines.map(\.gross) == [4998, 3000, 99])
        #expect(totals.lines.map(\.discount) == [500, 0, 0])
        #expect(totals.lines.map(\.net) == [4498, 3000, 99])
        #expect(totals.subtotal == 7597)
        #expect(totals.discount == 500)
        #expect(
            totals.taxes == [
                .init(rate: Rate(millionths: 88_750), base: 99, tax: 9),
                .init(rate: Rate(millionths: 200_000), base: 7498, tax: 1500),  // 1,499.6 → 1,500
            ])
        #expect(totals.tax == 1509)
        #expect(totals.total == 9106)
    }

    @Test func taxIsRoundedOncePerRateNotPerLine() throws {
        let totals = try QuoteArithmetic.totals(Array(repeating: try line("1", 5, tax: "10"), count: 3))
        // Per line each 0.5 cent would round to 1 cent (3 in all); on the 15-cent base it is 1.5 → 2.
        #expect(totals.tax == 2)
        #expect(totals.total == 17)
    }

    @Test(arguments: [(Int128(5), Int128(1)), (4, 0), (-5, -1), (-4, 0), (15, 2), (-15, -2), (25, 3), (20, 2)])
    func roundingIsHalfAwayFromZero(value: Int128, expected: Int128) {
        #expect(QuoteArithmetic.divideRounded(value, by: 10) == expected)
    }

    @Test func badLinesNameTheirField() throws {
        #expect(throws: RapportError.invalid(field: "lines[1].quantity", reason: "must be more than zero")) {
            try QuoteArithmetic.totals([try line("1", 100), QuoteArithmetic.Line(quantity: Quantity(thousandths: 0), unitPrice: 100)])
        }
        #expect(throws: RapportError.invalid(field: "lines[0].unit_price", reason: "cannot be negative")) {
            try QuoteArithmetic.totals([QuoteArithmetic.Line(quantity: Quantity(1), unitPrice: -1)])
        }
        #expect(throws: RapportError.invalid(field: "lines[0].discount", reason: "must be between 0% and 100%")) {
            try QuoteArithmetic.totals([QuoteArithmetic.Line(quantity: Quantity(1), unitPrice: 1, discount: Rate(millionths: 1_000_001))])
        }
        #expect(throws: RapportError.invalid(field: "lines[0].quantity", reason: "makes an amount too large")) {
            try QuoteArithmetic.totals([try line("999999999", .max / 1000)])
        }
        let huge = QuoteArithmetic.Line(quantity: Quantity(1), unitPrice: .max)
        #expect(throws: RapportError.invalid(field: "lines", reason: "makes an amount too large")) {
            try QuoteArithmetic.totals([huge, huge])
        }
    }

    @Test func quantitiesAndRatesParseExactly() throws {
        #expect(try Quantity.parse("2.5").thousandths == 2500)
        #expect(try Quantity.parse(" 0.125 ").thousandths == 125)
        #expect(try Quantity.parse("12").thousandths == 12_000)
        #expect(Quantity(thousandths: 2500).description == "2.5")
        #expect(try Rate.percent("8.875", field: "tax_rate").millionths == 88_750)
        #expect(try Rate.percent("100", field: "tax_rate").millionths == 1_000_000)
        #expect(try Rate.percent("0.0001", field: "tax_rate").millionths == 1)
        #expect(Rate(millionths: 88_750).description == "8.875")
        #expect(Rate(millionths: 200_000).description == "20")
        for bad in ["", "-1", "1.2345", "1e3", ".5", "5.", "abc", "1,5", "1234567890"] {
            #expect(throws: RapportError.self, "\(bad)") { try Quantity.parse(bad) }
        }
        for bad in ["100.01", "101", "-5", "8.87501", "x"] {
            #expect(throws: RapportError.self, "\(bad)") { try Rate.percent(bad, field: "tax_rate") }
        }
    }
}
