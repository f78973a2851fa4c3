import Foundation
import RapportCore

extension OpenAPIDocument {
    /// The lines and steps of quotes, orders and invoices, payments and billing settings
    /// (`DocumentsAPI`). The documents' fields are entity schemas (`Quote`, `Order`, `Invoice`).
    static func addBilling(paths: inout JSONObject, schemas: inout JSONObject) {
        let version: JSONValue = .object(["type": "integer", "minimum": 1, "maximum": .int(Int64(Int32.max))])
        let decimal: JSONValue = .object(["oneOf": .array([.object(["type": "string", "maxLength": 20]), .object(["type": "number"])])])
        let lineInput = JSONValue.object([
            "type": "object", "additionalProperties": false,
            "properties": .object([
                "product_id": nullable(uuid()), "description": nullable(str(max: 2000)), "quantity": decimal, "discount": decimal,
                "tax_rate": nullable(decimal), "unit_price": nullable(moneySchema),
            ]),
        ])
        schemas["DocumentLine"] = obj(
            [
                "id": uuid(), "product_id": nullable(uuid()), "sku": str(), "description": str(), "quantity": str(), "unit_price": moneySchema,
                "discount": str(), "tax_rate": str(), "unit_cost": nullable(moneySchema), "gross": moneySchema, "discount_amount": moneySchema,
                "net": moneySchema, "source_line_id": uuid(),
            ],
            required: ["id", "product_id", "sku", "description", "quantity", "unit_price", "discount", "tax_rate", "net"])
        schemas["TaxAmount"] = obj(["rate": str(), "base": moneySchema, "tax": moneySchema], required: ["rate", "base", "tax"])
        let linesPart = obj(
            [
                "lines": .object(["type": "array", "items": ref("DocumentLine")]),
                "taxes": .object(["type": "array", "items": ref("TaxAmount")]),
            ], required: ["lines", "taxes"])
        for title in ["Quote", "Order", "Invoice"] {
            schemas["\(title)WithLines"] = .object(["allOf": .array([ref(title), linesPart])])
        }
        schemas["Payment"] = obj(
            [
                "id": uuid(), "invoice_id": uuid(), "amount": moneySchema, "received_on": .object(["type": "string", "format": "date"]),
                "method": enumOf(Payment.methods), "reference": str(), "recorded_by": nullable(uuid()), "recorded_at": dateTime(),
            ], required: ["id", "invoice_id", "amount", "received_on", "method", "reference", "recorded_by", "recorded_at"])
        let versionBody = JSONValue.object([
            "type": "object", "additionalProperties": false, "properties": .object(["version": version]),
        ])
        let stepErrors = [400, 401, 403, 404, 409, 413, 415, 422]
        for (table, title, tag) in [("quotes", "Quote", "Quotes"), ("orders", "Order", "Orders"), ("invoices", "Invoice", "Invoices")] {
            paths["/api/v1/\(table)/{id}/lines"] = .object([
                "parameters": .array([idParam]),
                "get": op(
                    "get\(title)Lines", "The \(title.lowercased()) with its lines, their amounts and the tax per rate", tag: tag,
                    responses: ["200": ref("\(title)WithLines")], errors: [401, 404]),
                "put": op(
                    "set\(title)Lines",
                    "Replace a draft's lines (at most 500); prices come from the price book of its currency unless given. Needs the version (If-Match or body).",
                    tag: tag, params: [header("If-Match", str())],
                    body: .object([
                        "type": "object", "additionalProperties": false, "required": .array(["lines"]),
                        "properties": .object(["version": version, "lines": .object(["type": "array", "items": lineInput, "maxItems": 500])]),
                    ]),
                    responses: ["200": ref("\(title)WithLines")], errors: stepErrors + [428]),
            ])
        }
        let steps: [(String, String, String, String, String)] = [
            ("quotes", "send", "sendQuote", "Send a draft quote (it must have lines; valid for the workspace's days unless dated)", "Quote"),
            ("quotes", "reject", "rejectQuote", "Record that the customer declined a sent quote", "Quote"),
            ("quotes", "revise", "reviseQuote", "Draft the next revision of a sent, rejected or expired quote (same number)", "Quote"),
            ("orders", "confirm", "confirmOrder", "Confirm a draft order: from now on it is a purchase", "Order"),
            ("orders", "fulfil", "fulfilOrder", "Mark a confirmed order fulfilled", "Order"),
            ("orders", "cancel", "cancelOrder", "Cancel an order no live invoice bills", "Order"),
            ("invoices", "issue", "issueInvoice", "Issue a draft invoice: it takes the next number in the workspace's sequence", "Invoice"),
            ("invoices", "void", "voidInvoice", "Void an issued invoice with no payments; its number stays used", "Invoice"),
        ]
        for (table, step, id, summary, title) in steps {
            paths["/api/v1/\(table)/{id}/\(step)"] = .object([
                "parameters": .array([idParam]),
                "post": optionalBody(
                    op(
                        id, summary, tag: "\(title)s", params: [header("If-Match", str())], body: versionBody,
                        responses: [step == "revise" ? "201" : "200": ref("\(title)WithLines")], errors: stepErrors)),
            ])
        }
        paths["/api/v1/quotes/{id}/accept"] = .object([
            "parameters": .array([idParam]),
            "post": optionalBody(
                op(
                    "acceptQuote", "Record that the customer accepted a sent, still valid quote: it becomes a draft order with its lines",
                    tag: "Quotes", params: [header("If-Match", str())], body: versionBody,
                    responses: [
                        "200": .object(["allOf": .array([ref("QuoteWithLines"), obj(["order": ref("OrderWithLines")], required: ["order"])])])
                    ], errors: stepErrors)),
        ])
        paths["/api/v1/orders/{id}/invoices"] = .object([
            "parameters": .array([idParam]),
            "post": optionalBody(
                op(
                    "invoiceOrder",
                    "A draft invoice for what a confirmed or fulfilled order has not billed yet: every line's rest, or the quantities given",
                    tag: "Orders", params: [header("If-Match", str())],
                    body: .object([
                        "type": "object", "additionalProperties": false,
                        "properties": .object([
                            "version": version,
                            "lines": .object([
                                "type": "array", "maxItems": 500,
                                "items": .object([
                                    "type": "object", "additionalProperties": false, "required": .array(["line_id", "quantity"]),
                                    "properties": .object(["line_id": uuid(), "quantity": decimal]),
                                ]),
                            ]),
                        ]),
                    ]),
                    responses: ["201": ref("InvoiceWithLines")], errors: stepErrors)),
        ])
        paths["/api/v1/invoices/{id}/payments"] = .object([
            "parameters": .array([idParam]),
            "get": op("listPayments", "The payments recorded on an invoice", tag: "Invoices", responses: ["200": listOf(ref("Payment"))], errors: [401, 404]),
            "post": op(
                "recordPayment", "Record money received (or refunded, negative) on an issued invoice", tag: "Invoices",
                params: [header("If-Match", str())],
                body: .object([
                    "type": "object", "additionalProperties": false, "required": .array(["amount"]),
                    "properties": .object([
                        "version": version, "amount": moneySchema, "received_on": .object(["type": "string", "format": "date"]),
                        "method": enumOf(Payment.methods), "reference": str(max: 200),
                    ]),
                ]),
                responses: [
                    "201": .object(["allOf": .array([ref("InvoiceWithLines"), obj(["payment": ref("Payment")], required: ["payment"])])])
                ], errors: stepErrors),
        ])
        let percent: JSONValue = .object(["oneOf": .array([.object(["type": "string", "maxLength": 10]), .object(["type": "number"])])])
        var rateProperties = JSONObject()
        for taxClass in Product.taxClasses { rateProperties[taxClass] = percent }
        let days: JSONValue = .object(["type": "integer"])
        schemas["BillingSettings"] = obj(
            [
                "currency": str(), "tax_rates": .object(["type": "object", "additionalProperties": str()]), "quote_valid_days": days,
                "invoice_due_days": days,
            ], required: ["currency", "tax_rates", "quote_valid_days", "invoice_due_days"])
        paths["/api/v1/billing/settings"] = .object([
            "get": op(
                "getBillingSettings", "Tax rate per tax class, quote validity and invoice terms", tag: "Billing",
                responses: ["200": ref("BillingSettings")], errors: [401]),
            "patch": op(
                "updateBillingSettings", "Change the billing defaults (admins)", tag: "Billing",
                body: .object([
                    "type": "object", "additionalProperties": false,
                    "properties": .object([
                        "tax_rates": .object(["type": "object", "additionalProperties": false, "properties": .object(rateProperties)]),
                        "quote_valid_days": days, "invoice_due_days": days,
                    ]),
                ]),
                responses: ["200": ref("BillingSettings")], errors: [400, 401, 403, 413, 415, 422]),
        ])
        addPurchases(paths: &paths, schemas: &schemas)
    }

    static func addPurchases(paths: inout JSONObject, schemas: inout JSONObject) {
        let date: JSONValue = .object(["type": "string", "format": "date"])
        schemas["PurchaseHistory"] = obj(
            [
                "summary": .object([
                    "type": "array",
                    "items": obj(
                        [
                            "currency": str(), "orders": .object(["type": "integer"]), "revenue": moneySchema, "margin": moneySchema,
                            "lines_without_cost": .object(["type": "integer"]), "first_purchase": nullable(date), "last_purchase": nullable(date),
                        ], required: ["currency", "orders", "revenue", "margin", "lines_without_cost", "first_purchase", "last_purchase"]),
                ]),
                "data": .object([
                    "type": "array",
                    "items": obj(
                        [
                            "order_id": uuid(), "order_number": str(), "order_date": nullable(date), "product_id": nullable(uuid()), "sku": str(),
                            "description": str(), "quantity": str(), "net": moneySchema, "cost": nullable(moneySchema),
                        ], required: ["order_id", "order_number", "order_date", "product_id", "sku", "description", "quantity", "net", "cost"]),
                ]),
            ], required: ["summary", "data"])
        for (table, title) in [("accounts", "Account"), ("contacts", "Contact")] {
            paths["/api/v1/\(table)/{id}/purchases"] = .object([
                "parameters": .array([idParam]),
                "get": op(
                    "get\(title)Purchases",
                    "What the \(title.lowercased()) bought (lines of confirmed and fulfilled orders, newest first) and lifetime revenue and margin per currency",
                    tag: "\(title)s", responses: ["200": ref("PurchaseHistory")], errors: [401, 404]),
            ])
        }
        let rule = JSONValue.object([
            "type": "object", "additionalProperties": false, "required": .array(["bought_product_id"]),
            "properties": .object([
                "bought_product_id": uuid(), "not_bought_product_id": nullable(uuid()),
                "within_months": nullable(.object(["type": "integer", "minimum": 1, "maximum": 120])),
            ]),
        ])
        paths["/api/v1/cross-sell/preview"] = .object([
            "post": op(
                "previewCrossSell", "The customers' contacts who bought one product (within some months) and not another", tag: "Leads",
                body: rule,
                responses: [
                    "200": obj(
                        [
                            "source_detail": str(),
                            "data": .object([
                                "type": "array",
                                "items": obj(
                                    [
                                        "contact_id": uuid(), "name": str(), "account_id": nullable(uuid()), "company": nullable(str()),
                                        "last_bought": nullable(date), "order": str(),
                                    ], required: ["contact_id", "name", "account_id", "company", "last_bought", "order"]),
                            ]),
                        ], required: ["source_detail", "data"])
                ], errors: [400, 401, 413, 415, 422]),
        ])
        paths["/api/v1/cross-sell/leads"] = .object([
            "post": op(
                "createCrossSellLeads",
                "Make a lead (source associated_product, with the rule and the customer it came from) of each person the rule finds, once",
                tag: "Leads", body: rule,
                responses: [
                    "201": obj(
                        ["created": .object(["type": "integer"]), "skipped": .object(["type": "integer"]), "lead_ids": .object(["type": "array", "items": uuid()])],
                        required: ["created", "skipped", "lead_ids"])
                ], errors: [400, 401, 403, 413, 415, 422]),
        ])
        paths["/api/v1/purchases/anniversaries"] = .object([
            "get": op(
                "purchaseAnniversaries", "Orders placed on this day and month in earlier years (29 February counts on 28 February)",
                tag: "Billing", params: [required(query("date", date))],
                responses: [
                    "200": listOf(
                        obj(
                            [
                                "order_id": uuid(), "number": str(), "order_date": date, "years": .object(["type": "integer"]),
                                "account_id": nullable(uuid()), "contact_id": nullable(uuid()), "total": nullable(moneySchema),
                            ], required: ["order_id", "number", "order_date", "years", "account_id", "contact_id", "total"]))
                ], errors: [401, 422]),
        ])
    }
}
