import Foundation
import RapportCore
import SQLKit

/// An invoice's steps: issued (numbered in sequence), paid in one or more payments, overdue when
/// its due date passes unpaid, or void (its number stays used).
extension SalesDocuments {
    /// Issues a draft: takes the next invoice number, dates it today, due after the workspace's terms.
    public func issue(_ id: Record<Invoice>.ID, expecting version: Int?, by principal: Principal) async throws -> Record<Invoice> {
        try await db.write { sql in
            let invoice = try await Self.forStep(id, expecting: version, statuses: ["draft"], step: "issued", by: principal, on: sql)
            try await Self.requireLines(invoice, on: sql)
            let settings = try await BillingSettings.load(principal.workspaceID, on: sql)
            let today = settings.today
            let due = invoice["due_date"]?.date ?? today.adding(days: settings.invoiceDueDays)
            if due < today { throw RapportError.invalid(field: "due_date", reason: "is before today, the issue date") }
            let number = try await DocumentNumbers.next(.invoice, workspace: principal.workspaceID, on: sql)
            let currency = invoice["currency"]?.text ?? settings.currency
            let total = invoice["total"]?.money ?? Money(minor: 0, currency: currency)
            let issued = try await invoices.update(
                id,
                .setting([
                    "number": .text(number), "status": .text("issued"), "issue_date": .date(today), "due_date": .date(due),
                    "paid_total": .money(Money(minor: 0, currency: currency)), "balance": .money(total),
                ]), expecting: invoice.version, by: principal, on: sql)
            try await Self.refreshInvoiced(invoice["order_id"]?.uuid, records: orders, by: principal, on: sql)
            return issued
        }
    }

    /// Records money received (or refunded, negative) against an issued invoice.
    public func recordPayment(
        on id: Record<Invoice>.ID, amount: Money, receivedOn: LocalDate?, method: String, reference: String, expecting version: Int?,
        by principal: Principal
    ) async throws -> (invoice: Record<Invoice>, payment: Payment) {
        var issues: [FieldIssue] = []
        if !Payment.methods.contains(method) {
            issues.append(FieldIssue(field: "method", reason: "must be one of \(Payment.methods.joined(separator: ", "))"))
        }
        if amount.minor == 0 { issues.append(FieldIssue(field: "amount", reason: "must not be zero")) }
        if reference.count > 200 { issues.append(FieldIssue(field: "reference", reason: "must be at most 200 characters")) }
        if !issues.isEmpty { throw RapportError.invalid(issues) }
        return try await db.write { sql in
            let invoice = try await Self.forStep(
                id, expecting: version, statuses: Invoice.open.union(["paid"]), step: "paid", by: principal, on: sql)
            let currency = invoice["currency"]?.text ?? ""
            guard amount.currency == currency else {
                throw RapportError.invalid(field: "amount", reason: "must be in the invoice's currency (\(currency))")
            }
            let settings = try await BillingSettings.load(principal.workspaceID, on: sql)
            let total = invoice["total"]?.money?.minor ?? 0
            let paid = invoice["paid_total"]?.money?.minor ?? 0
            let (newPaid, overflow) = paid.addingReportingOverflow(amount.minor)
            if overflow || newPaid > total {
                throw RapportError.invalid(
                    field: "amount", reason: "is more than the balance due (\(Money(minor: total - paid, currency: currency)))")
            }
            if newPaid < 0 { throw RapportError.invalid(field: "amount", reason: "refunds more than was paid (\(Money(minor: paid, currency: currency)))") }
            if invoice["status"]?.text == "paid", amount.minor > 0 { throw RapportError.conflict("This invoice is paid in full.") }
            let payment = Payment(
                id: UUIDv7.make(), invoiceID: invoice.id.uuid, amount: amount, receivedOn: receivedOn ?? settings.today, method: method,
                reference: reference, recordedBy: principal.userID?.uuid, recordedAt: .now())
            try await sql.raw(
                """
                INSERT INTO payments (id, workspace_id, invoice_id, amount, currency, received_on, method, reference, recorded_by, recorded_at)
                VALUES (\(bind: payment.id), \(bind: principal.workspaceID.uuid), \(bind: invoice.id.uuid), \(bind: amount.minor),
                    \(bind: currency), \(bind: payment.receivedOn.description), \(bind: method), \(bind: reference),
                    \(bind: payment.recordedBy), \(bind: payment.recordedAt.micros))
                """
            ).run()
            let balance = total - newPaid
            let pastDue = (invoice["due_date"]?.date).map { $0 < settings.today } ?? false
            let status = balance == 0 ? "paid" : pastDue ? "overdue" : newPaid > 0 ? "partially_paid" : "issued"
            let updated = try await invoices.update(
                id,
                .setting([
                    "paid_total": .money(Money(minor: newPaid, currency: currency)), "balance": .money(Money(minor: balance, currency: currency)),
                    "status": .text(status), "paid_at": balance == 0 ? .time(.now()) : nil,
                ]), expecting: invoice.version, by: principal, on: sql)
            return (updated, payment)
        }
    }

    /// Voids an issued invoice nobody has paid anything on; its number stays used.
    public func void(_ id: Record<Invoice>.ID, expecting version: Int?, by principal: Principal) async throws -> Record<Invoice> {
        try await db.write { sql in
            let invoice = try await Self.forStep(id, expecting: version, statuses: Invoice.open, step: "voided", by: principal, on: sql)
            if (invoice["paid_total"]?.money?.minor ?? 0) != 0 {
                throw RapportError.conflict("Payments are recorded on this invoice; refund them before voiding it.")
            }
            let currency = invoice["currency"]?.text ?? ""
            let voided = try await invoices.update(
                id, .setting(["status": .text("void"), "balance": .money(Money(minor: 0, currency: currency))]), expecting: invoice.version,
                by: principal, on: sql)
            try await Self.refreshInvoiced(invoice["order_id"]?.uuid, records: orders, by: principal, on: sql)
            return voided
        }
    }

    public func payments(of invoice: Record<Invoice>) async throws -> [Payment] {
        try await db.read { sql in
            try await sql.raw(
                """
                SELECT id, invoice_id, amount, currency, received_on, method, reference, recorded_by, recorded_at FROM payments
                WHERE invoice_id = \(bind: invoice.id.uuid) ORDER BY recorded_at
                """
            ).all().map { row in
                Payment(
                    id: try row.decode(column: "id", as: UUID.self), invoiceID: try row.decode(column: "invoice_id", as: UUID.self),
                    amount: Money(minor: try row.decode(column: "amount", as: Int64.self), currency: try row.decode(column: "currency", as: String.self)),
                    receivedOn: try LocalDate(try row.decode(column: "received_on", as: String.self)),
                    method: try row.decode(column: "method", as: String.self), reference: try row.decode(column: "reference", as: String.self),
                    recordedBy: try row.decode(column: "recorded_by", as: UUID?.self),
                    recordedAt: Timestamp(micros: try row.decode(column: "recorded_at", as: Int64.self)))
            }
        }
    }

    /// Marks issued invoices past their due date with money owing as overdue (the daily billing job).
    public func markOverdue(in workspace: Workspace.ID) async throws -> Int {
        let principal = Principal.system(workspace)
        return try await db.write { sql in
            let today = try await BillingSettings.load(workspace, on: sql).today
            let ids = try await sql.raw(
                """
                SELECT id FROM invoices WHERE workspace_id = \(bind: workspace.uuid) AND status IN ('issued', 'partially_paid')
                    AND deleted_at IS NULL AND due_date <> '' AND due_date < \(bind: today.description)
                """
            ).all().map { try $0.decode(column: "id", as: UUID.self) }
            for id in ids {
                _ = try await invoices.update(.init(id), .setting(["status": .text("overdue")]), expecting: nil, by: principal, on: sql)
            }
            return ids.count
        }
    }
}
