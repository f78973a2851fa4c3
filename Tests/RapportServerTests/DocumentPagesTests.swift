import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import RapportCore
import RapportServer
import RapportStore
import RapportTesting
import Testing

/// A rep takes a quote to a paid invoice through the web pages, and billing settings are admins'.
@Suite struct DocumentPagesTests {
    private static func idFrom(_ location: String?, _ prefix: String) throws -> String {
        let path = try #require(location?.split(separator: "#").first.map(String.init))
        #expect(path.hasPrefix(prefix), "went to \(path)")
        return String(path.dropFirst(prefix.count))
    }

    @Test(arguments: TestDatabase.all)
    func aRepTakesAQuoteToAPaidInvoiceInTheBrowser(_ db: TestDatabase) async throws {
        try await TestApp.run(db) { app, client in
            let product = try await client.execute(
                uri: "/api/v1/products", method: .post, headers: app.auth(app.salesManager),
                body: body(.object(["sku": "AUR-1", "name": "Aurora", "price": .object(["amount_minor": 1_890_000, "currency": "USD"])])))
            let productID = try #require(try product.object.string("id"))

            var rep = Browser(client: client)
            _ = try await rep.signIn("sam@example.com")
            let form = try await rep.get("/quotes/new")
            let csrf = try #require(Browser.csrf(in: form.text))
            let created = try await rep.post("/quotes", ["_csrf": csrf, "name": "Lab upgrade", "currency": "USD"])
            #expect(created.status == .seeOther)
            let quote = try Self.idFrom(created.headers[.location], "/quotes/")
            let page = try await rep.get("/quotes/\(quote)")
            #expect(page.text.contains("Q-00001 · Lab upgrade"))
            #expect(page.text.contains("Add a line") && page.text.contains("value=\"\(productID)\""))

            let added = try await rep.post(
                "/quotes/\(quote)/lines/add", ["_csrf": csrf, "product_id": productID, "quantity": "2", "discount": "10", "version": "1"])
            #expect(added.status == .seeOther)
            let priced = try await rep.get("/quotes/\(quote)")
            #expect(priced.text.contains("Line added."))
            // 2 × 18,900.00 less 10% = 34,020.00; 20% tax = 6,804.00.
            #expect(priced.text.contains("USD 34,020.00") && priced.text.contains("USD 6,804.00") && priced.text.contains("USD 40,824.00"))
            let bad = try await rep.post(
                "/quotes/\(quote)/lines/add", ["_csrf": csrf, "product_id": productID, "quantity": "-1", "version": "2"])
            #expect(bad.status == .seeOther)
            let told = try await rep.get("/quotes/\(quote)")
            #expect(told.text.contains("is not a quantity like 2 or 2.5"))
            let stale = try await rep.post(
                "/quotes/\(quote)/lines/add", ["_csrf": csrf, "product_id": productID, "quantity": "1", "version": "1"])
            #expect(stale.status == .seeOther)
            #expect(try await rep.get("/quotes/\(quote)").text.contains("Someone changed this meanwhile"))

            _ = try await rep.post("/quotes/\(quote)/send", ["_csrf": csrf, "version": "2"])
            let sent = try await rep.get("/quotes/\(quote)")
            #expect(sent.text.contains("Quote sent.") && sent.text.contains(">Accepted</button>"))
            #expect(!sent.text.contains("Add a line") && !sent.text.contains(">Edit</a>"), "a sent quote no longer changes")
            let accepted = try await rep.post("/quotes/\(quote)/accept", ["_csrf": csrf])
            let order = try Self.idFrom(accepted.headers[.location], "/orders/")
            _ = try await rep.post("/orders/\(order)/confirm", ["_csrf": csrf])
            let invoiced = try await rep.post("/orders/\(order)/invoice", ["_csrf": csrf])
            let invoice = try Self.idFrom(invoiced.headers[.location], "/invoices/")
            _ = try await rep.post("/invoices/\(invoice)/issue", ["_csrf": csrf])
            let issued = try await rep.get("/invoices/\(invoice)")
            #expect(issued.text.contains("INV-00001 · Lab upgrade") && issued.text.contains("Record a payment"))
            _ = try await rep.post(
                "/invoices/\(invoice)/payments", ["_csrf": csrf, "amount": "824.00", "method": "card", "reference": "Visa 4242"])
            let part = try await rep.get("/invoices/\(invoice)")
            #expect(part.text.contains("Payment recorded.") && part.text.contains("Partially paid") && part.text.contains("Visa 4242"))
            let over = try await rep.post("/invoices/\(invoice)/payments", ["_csrf": csrf, "amount": "50000", "method": "card"])
            #expect(over.status == .seeOther)
            #expect(try await rep.get("/invoices/\(invoice)").text.contains("Amount: is more than the balance due (USD 40,000.00)"))

            let printed = try await rep.get("/invoices/\(invoice)/print")
            #expect(printed.status == .ok)
            #expect(printed.text.contains("Invoice INV-00001") && printed.text.contains("Balance due") && printed.text.contains("40,000.00"))
            #expect(printed.text.contains("/static/print.css"))
            let unbilled = try await rep.get("/billing/unbilled")
            #expect(unbilled.status == .ok && unbilled.text.contains("Every confirmed order is billed."))
            let overdue = try await rep.get("/invoices?filter%5Bstatus%5D=partially_paid")
            #expect(overdue.text.contains("INV-00001"))
        }
    }

    @Test(arguments: TestDatabase.all)
    func adminsSetTaxRatesAndOthersAreRefused(_ db: TestDatabase) async throws {
        try await TestApp.run(db) { app, client in
            var admin = Browser(client: client)
            _ = try await admin.signIn("admin@example.com")
            let page = try await admin.get("/settings/billing")
            #expect(page.status == .ok && page.text.contains("value=\"20\""))
            let csrf = try #require(Browser.csrf(in: page.text))
            _ = try await admin.post("/settings/billing", ["_csrf": csrf, "tax_standard": "19", "tax_reduced": "7", "invoice_due_days": "14"])
            let saved = try await admin.get("/settings/billing")
            #expect(saved.text.contains("Billing settings saved.") && saved.text.contains("value=\"19\"") && saved.text.contains("value=\"14\""))
            _ = try await admin.post("/settings/billing", ["_csrf": csrf, "tax_standard": "120"])
            #expect(try await admin.get("/settings/billing").text.contains("Tax rate standard: is not a percentage"))
            let api = try await client.execute(uri: "/api/v1/billing/settings", method: .get, headers: app.auth(app.salesRep))
            #expect(try api.object["tax_rates"]?.object?.string("standard") == "19")
            let refused = try await client.execute(
                uri: "/api/v1/billing/settings", method: .patch, headers: app.auth(app.salesRep),
                body: body(.object(["invoice_due_days": 5])))
            #expect(refused.status == .forbidden)
            var rep = Browser(client: client)
            _ = try await rep.signIn("sam@example.com")
            #expect(try await rep.get("/settings/billing").status == .forbidden)
        }
    }
}
