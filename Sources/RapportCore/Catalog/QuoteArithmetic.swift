/// The arithmetic of quotes, orders and invoices, exact in integer minor units.
///
/// Rounding, in this order, each step half away from zero to the currency's minor unit:
/// 1. a line's gross amount is quantity × unit price;
/// 2. its discount is gross × discount rate; its net amount is gross − discount;
/// 3. tax is computed once per tax rate, on the sum of the net amounts of the lines at that rate
///    (not per line, so a long document does not gather rounding cents);
/// 4. the total is the sum of the nets plus the sum of the taxes.
/// Intermediate products are 128-bit; any amount that does not fit 64 bits is an error, never a wrap.
public enum QuoteArithmetic {
    public struct Line: Hashable, Sendable {
        public var quantity: Quantity
        /// Minor units of the document's currency.
        public var unitPrice: Int64
        public var discount: Rate
        public var taxRate: Rate

        public init(quantity: Quantity, unitPrice: Int64, discount: Rate = .zero, taxRate: Rate = .zero) {
            self.quantity = quantity
            self.unitPrice = unitPrice
            self.discount = discount
            self.taxRate = taxRate
        }
    }

    public struct LineAmounts: Hashable, Sendable {
        public var gross: Int64
        public var discount: Int64
        public var net: Int64
    }

    public struct TaxAmount: Hashable, Sendable {
        public var rate: Rate
        /// The sum of the net amounts taxed at this rate.
        public var base: Int64
        public var tax: Int64

        public init(rate: Rate, base: Int64, tax: Int64) {
            self.rate = rate
            self.base = base
            self.tax = tax
        }
    }

    public struct Totals: Hashable, Sendable {
        public var lines: [LineAmounts]
        public var subtotal: Int64
        public var discount: Int64
        public var taxes: [TaxAmount]
        public var tax: Int64
        public var total: Int64
    }

    /// The amounts of one line. `index` names the line in errors (`lines[2].quantity`).
    public static func amounts(of line: Line, index: Int = 0) throws(RapportError) -> LineAmounts {
        guard line.quantity.thousandths > 0 else {
            throw .invalid(field: "lines[\(index)].quantity", reason: "must be more than zero")
        }
        guard line.unitPrice >= 0 else { throw .invalid(field: "lines[\(index)].unit_price", reason: "cannot be negative") }
        guard line.discount.millionths >= 0, line.discount.millionths <= Rate.whole else {
            throw .invalid(field: "lines[\(index)].discount", reason: "must be between 0% and 100%")
        }
        let gross = try fit(
            divideRounded(Int128(line.quantity.thousandths) * Int128(line.unitPrice), by: 1000),
            field: "lines[\(index)].quantity")
        let discount = try fit(
            divideRounded(Int128(gross) * Int128(line.discount.millionths), by: Int128(Rate.whole)),
            field: "lines[\(index)].discount")
        return LineAmounts(gross: gross, discount: discount, net: gross - discount)
    }

    public static func totals(_ lines: [Line]) throws(RapportError) -> Totals {
        var computed: [LineAmounts] = []
        var subtotal: Int128 = 0
        var discount: Int128 = 0
        var bases: [Rate: Int128] = [:]
        for (index, line) in lines.enumerated() {
            guard line.taxRate.millionths >= 0, line.taxRate.millionths <= Rate.whole else {
                throw .invalid(field: "lines[\(index)].tax_rate", reason: "must be between 0% and 100%")
            }
            let lineAmounts = try amounts(of: line, index: index)
            computed.append(lineAmounts)
            subtotal += Int128(lineAmounts.net)
            discount += Int128(lineAmounts.discount)
            bases[line.taxRate, default: 0] += Int128(lineAmounts.net)
        }
        var taxes: [TaxAmount] = []
        var tax: Int128 = 0
        for rate in bases.keys.sorted() {
            let base = bases[rate]!
            let amount = divideRounded(base * Int128(rate.millionths), by: Int128(Rate.whole))
            taxes.append(TaxAmount(rate: rate, base: try fit(base, field: "lines"), tax: try fit(amount, field: "lines")))
            tax += amount
        }
        return Totals(
            lines: computed, subtotal: try fit(subtotal, field: "lines"), discount: try fit(discount, field: "lines"),
            taxes: taxes, tax: try fit(tax, field: "lines"), total: try fit(subtotal + tax, field: "lines"))
    }

    /// `value / divisor` rounded half away from zero (`divisor` > 0).
    public static func divideRounded(_ value: Int128, by divisor: Int128) -> Int128 {
        let quotient = value / divisor
        let remainder = value % divisor
        guard remainder != 0 else { return quotient }
        if remainder.magnitude * 2 >= divisor.magnitude { return value < 0 ? quotient - 1 : quotient + 1 }
        return quotient
    }

    /// `part / whole` in tenths (of a percent with `scale` 1,000, of a unit with 10), half away from zero.
    public static func tenths(_ part: Int64, of whole: Int64, scale: Int64) -> Int64 {
        Int64(divideRounded(Int128(part) * Int128(scale), by: Int128(whole)))
    }

    /// Tenths as text with one decimal and no sign: 125 → `12.5`.
    public static func tenthsText(_ tenths: Int64) -> String { "\(tenths.magnitude / 10).\(tenths.magnitude % 10)" }

    public static func fit(_ value: Int128, field: String) throws(RapportError) -> Int64 {
        guard let result = Int64(exactly: value) else { throw .invalid(field: field, reason: "makes an amount too large") }
        return result
    }
}

/// A quantity in thousandths of a unit (3 decimals: 2.5 hours, 0.125 kg).
public struct Quantity: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var thousandths: Int64

    public init(thousandths: Int64) { self.thousandths = thousandths }
    public init(_ units: Int64) { thousandths = units * 1000 }

    public static func < (a: Quantity, b: Quantity) -> Bool { a.thousandths < b.thousandths }

    /// Parses `3`, `2.5` or `0.125` (no sign, at most 3 decimals).
    public static func parse(_ text: String, field: String = "quantity") throws(RapportError) -> Quantity {
        guard let value = Decimals.parse(text, places: 3, maxWhole: 9) else {
            throw .invalid(field: field, reason: "is not a quantity like 2 or 2.5 (up to 3 decimals)")
        }
        return Quantity(thousandths: value)
    }

    public var description: String { Decimals.format(thousandths, places: 3) }
}

/// A percentage kept exactly in millionths of the whole: 8.875% is 88,750.
public struct Rate: Hashable, Sendable, Comparable, CustomStringConvertible {
    public static let whole: Int64 = 1_000_000
    public static let zero = Rate(millionths: 0)
    public var millionths: Int64

    public init(millionths: Int64) { self.millionths = millionths }

    public static func < (a: Rate, b: Rate) -> Bool { a.millionths < b.millionths }

    /// Parses a percentage such as `20`, `8.875` or `0.5` (up to 4 decimals, 0 to 100).
    public static func percent(_ text: String, field: String) throws(RapportError) -> Rate {
        // Ten-thousandths of a percent are millionths of the whole.
        guard let value = Decimals.parse(text, places: 4, maxWhole: 3), value <= whole else {
            throw .invalid(field: field, reason: "is not a percentage from 0 to 100 like 20 or 8.875")
        }
        return Rate(millionths: value)
    }

    /// The percentage without trailing zeros: `8.875`, `20`.
    public var description: String { Decimals.format(millionths, places: 4) }
}

/// Unsigned decimal text ↔ integers scaled by a power of ten, exactly.
enum Decimals {
    static func parse(_ text: String, places: Int, maxWhole: Int) -> Int64? {
        let trimmed = text.trimmingWhitespace()
        let parts = trimmed.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, let whole = parts.first, !whole.isEmpty, whole.count <= maxWhole,
            whole.allSatisfy(\.isASCIIDigit)
        else { return nil }
        let fraction = parts.count == 2 ? parts[1] : ""
        guard fraction.count <= places, fraction.allSatisfy(\.isASCIIDigit), parts.count == 1 || !fraction.isEmpty else {
            return nil
        }
        return Int64(String(whole) + String(fraction) + String(repeating: "0", count: places - fraction.count))
    }

    static func format(_ value: Int64, places: Int) -> String {
        var scale: Int64 = 1
        for _ in 0..<places { scale *= 10 }
        let whole = value / scale
        var fraction = String(value % scale)
        fraction = String(repeating: "0", count: places - fraction.count) + fraction
        while fraction.hasSuffix("0") { fraction.removeLast() }
        return fraction.isEmpty ? String(whole) : "\(whole).\(fraction)"
    }
}
