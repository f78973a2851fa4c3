import Foundation
import RapportCore
import SQLKit

/// A workspace's billing defaults: its currency, tax rate per tax class, how long a quote stays
/// valid and how long a customer has to pay, and its time zone (whose date is "today").
public struct BillingSettings: Sendable, Equatable {
    public var currency: String
    public var taxRates: TaxRates
    public var quoteValidDays: Int
    public var invoiceDueDays: Int
    public var timeZone: String

    public init(currency: String, taxRates: TaxRates, quoteValidDays: Int, invoiceDueDays: Int, timeZone: String) {
        self.currency = currency
        self.taxRates = taxRates
        self.quoteValidDays = quoteValidDays
        self.invoiceDueDays = invoiceDueDays
        self.timeZone = timeZone
    }

    /// Today's date where the workspace is.
    public var today: LocalDate {
        let zone = TimeZone(identifier: timeZone) ?? TimeZone(identifier: "UTC")!
        return LocalDate.of(.now(), in: zone) ?? (try! LocalDate(year: 2000, month: 1, day: 1))
    }

    static func load(_ workspace: Workspace.ID, on sql: any SQLDatabase) async throws -> BillingSettings {
        guard
            let row = try await sql.raw(
                """
                SELECT default_currency, tax_rates, quote_valid_days, invoice_due_days, time_zone FROM workspaces
                WHERE id = \(bind: workspace.uuid)
                """
            ).first()
        else { throw RapportError.notFound(entity: "workspace", id: workspace.description) }
        return BillingSettings(
            currency: try row.decode(column: "default_currency", as: String.self),
            taxRates: TaxRates.parse(stored: try row.decode(column: "tax_rates", as: String.self)),
            quoteValidDays: try row.decode(column: "quote_valid_days", as: Int.self),
            invoiceDueDays: try row.decode(column: "invoice_due_days", as: Int.self),
            timeZone: try row.decode(column: "time_zone", as: String.self))
    }

    public var json: JSONValue {
        var rates = JSONObject()
        for taxClass in Product.taxClasses { rates[taxClass] = .string(taxRates.rate(forClass: taxClass).description) }
        return .object(
            JSONObject([
                "currency": .string(currency), "tax_rates": .object(rates), "quote_valid_days": .int(Int64(quoteValidDays)),
                "invoice_due_days": .int(Int64(invoiceDueDays)),
            ]))
    }
}

extension LocalDate {
    /// The date `days` later (earlier when negative).
    public func adding(days: Int) -> LocalDate {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let start = calendar.date(from: DateComponents(year: year, month: month, day: day))!
        let moved = calendar.dateComponents([.year, .month, .day], from: calendar.date(byAdding: .day, value: days, to: start)!)
        return (try? LocalDate(year: moved.year!, month: moved.month!, day: moved.day!)) ?? self
    }
}
