import Foundation
import RapportCore
import SQLKit

/// Each configurable product's options and rules, published at a public link where customers
/// build the product, save and share a configuration, and ask for a quote: that request finds the
/// customer's contact (or makes a lead) and leaves a draft quote for the product's owner.
public struct ConfiguratorStore: Sendable {
    let db: Database
    let quotes: RecordStore<Quote>
    let leads: RecordStore<Lead>
    let billing: SalesDocuments

    public struct Published: Sendable {
        public var product: Record<Product>
        public var configurator: Configurator
        public var token: String
        public var published: Bool
    }

    public struct Configuration: Sendable {
        public var id: UUID
        public var productID: UUID
        public var selection: [String]
        public var price: Money
        public var summary: String
        public var quoteID: UUID?
    }

    /// A product's configurator, if it has one.
    public func configurator(of product: Record<Product>.ID, by principal: Principal) async throws -> Published? {
        let record = try await RecordStore<Product>(db).get(product, by: principal)
        let row = try await db.read { sql in
            try await sql.raw(
                "SELECT definition, public_token, published FROM product_configurators WHERE product_id = \(bind: product.uuid)"
            ).first()
        }
        guard let row else { return nil }
        return try Self.published(record, row)
    }

    /// Sets a product's configurator (managers and admins, as the catalog) and whether its public
    /// page is open; the link stays the same across changes.
    public func save(_ configurator: Configurator, published: Bool, of product: Record<Product>.ID, by principal: Principal) async throws
        -> Published
    {
        guard principal.canWrite, principal.role >= .manager else { throw RapportError.forbidden("Only managers and admins change the catalog.") }
        let record = try await RecordStore<Product>(db).get(product, by: principal)
        guard record.deletedAt == nil else { throw RapportError.conflict("This product is deleted; restore it first.") }
        let definition = String(decoding: try JSONEncoder().encode(configurator.json), as: UTF8.self)
        let token = try await db.write { sql -> String in
            let existing = try await sql.raw("SELECT public_token FROM product_configurators WHERE product_id = \(bind: product.uuid)")
                .first()?.decode(column: "public_token", as: String.self)
            let token = existing ?? Secrets.random(bytes: 12)
            if existing == nil {
                try await sql.raw(
                    """
                    INSERT INTO product_configurators (product_id, workspace_id, definition, public_token, published, updated_at)
                    VALUES (\(bind: product.uuid), \(bind: principal.workspaceID.uuid), \(bind: definition), \(bind: token), \(bind: published),
                        \(bind: Timestamp.now().micros))
                    """
                ).run()
            } else {
                try await sql.raw(
                    """
                    UPDATE product_configurators SET definition = \(bind: definition), published = \(bind: published),
                        updated_at = \(bind: Timestamp.now().micros)
                    WHERE product_id = \(bind: product.uuid)
                    """
                ).run()
            }
            try await EventLog.append(
                EventLog.event(
                    .updated, entity: "product", recordID: product.description,
                    changes: [FieldChange(field: "configurator", before: .null, after: .string(published ? "published" : "not published"))],
                    version: record.version, by: principal, at: .now()), on: sql)
            return token
        }
        return Published(product: record, configurator: configurator, token: token, published: published)
    }

    /// The published configurator behind a public link (nil when unknown, unpublished or retired).
    public func published(token: String) async throws -> (Published, Workspace.ID)? {
        guard token.count <= 64 else { return nil }
        let found = try await db.read { sql -> (any SQLRow, Record<Product>)? in
            guard
                let row = try await sql.raw(
                    "SELECT product_id, workspace_id, definition, public_token, published FROM product_configurators WHERE public_token = \(bind: token)"
                ).first()
            else { return nil }
            let workspace = Workspace.ID(try row.decode(column: "workspace_id", as: UUID.self))
            let product = try row.decode(column: "product_id", as: UUID.self)
            guard let record = try await RecordStore<Product>.fetch(.init(product), workspace: workspace, on: sql) else { return nil }
            return (row, record)
        }
        guard let (row, product) = found, product.deletedAt == nil, product["active"]?.bool != false else { return nil }
        let published = try Self.published(product, row)
        guard published.published else { return nil }
        return (published, product.workspaceID)
    }

    static func published(_ product: Record<Product>, _ row: any SQLRow) throws -> Published {
        let definition = try row.decode(column: "definition", as: String.self)
        let value = try JSONDecoder().decode(JSONValue.self, from: Data(definition.utf8))
        return Published(
            product: product, configurator: try Configurator.read(value, checkConflicts: false), token: try row.decode(column: "public_token", as: String.self),
            published: try row.decode(column: "published", as: Bool.self))
    }

    /// Saves a valid configuration (for its share link). An invalid one is refused with its problems.
    public func saveConfiguration(_ selection: Set<String>, of published: Published, workspace: Workspace.ID) async throws -> Configuration {
        let check = try published.configurator.check(selection)
        guard check.isValid else {
            throw RapportError.invalid(check.problems.map { FieldIssue(field: $0.option ?? $0.group ?? "options", reason: $0.message) })
        }
        let configuration = Configuration(
            id: UUIDv7.make(), productID: published.product.id.uuid, selection: check.selection, price: check.price,
            summary: Self.summary(check.selection, published), quoteID: nil)
        try await db.write { sql in
            try await sql.raw(
                """
                INSERT INTO configurations (id, workspace_id, product_id, selection, price, currency, summary, created_at)
                VALUES (\(bind: configuration.id), \(bind: workspace.uuid), \(bind: configuration.productID),
                    \(bind: check.selection.joined(separator: ",")), \(bind: check.price.minor), \(bind: check.price.currency),
                    \(bind: configuration.summary), \(bind: Timestamp.now().micros))
                """
            ).run()
        }
        return configuration
    }

    public func configuration(_ id: UUID, of published: Published) async throws -> Configuration? {
        let row = try await db.read { sql in
            try await sql.raw(
                "SELECT selection, price, currency, summary, quote_id FROM configurations WHERE id = \(bind: id) AND product_id = \(bind: published.product.id.uuid)"
            ).first()
        }
        guard let row else { return nil }
        return Configuration(
            id: id, productID: published.product.id.uuid,
            selection: try row.decode(column: "selection", as: String.self).split(separator: ",").map(String.init),
            price: Money(minor: try row.decode(column: "price", as: Int64.self), currency: try row.decode(column: "currency", as: String.self)),
            summary: try row.decode(column: "summary", as: String.self), quoteID: try row.decode(column: "quote_id", as: UUID?.self))
    }

    /// `Aurora UV-Vis: Arctic white, Leather, V8`.
    static func summary(_ selection: [String], _ published: Published) -> String {
        let name = published.product["name"]?.text ?? published.product.title
        let labels = selection.compactMap { published.configurator.option($0)?.label }
        return labels.isEmpty ? name : "\(name): \(labels.joined(separator: ", "))"
    }

    /// A customer's request for a quote of a saved configuration: their contact found by email, or a
    /// lead made for them; a draft quote with the configured product for the product's owner.
    public struct QuoteRequest: Sendable {
        public var name: String
        public var email: String
        public var company: String
        public var phone: String
        public var message: String

        public init(name: String, email: String, company: String, phone: String, message: String) {
            self.name = name
            self.email = email
            self.company = company
            self.phone = phone
            self.message = message
        }
    }

    public func requestQuote(_ request: QuoteRequest, for configuration: Configuration, of published: Published, workspace: Workspace.ID)
        async throws -> (quote: Record<Quote>, lead: Record<Lead>?)
    {
        var issues: [FieldIssue] = []
        let name = request.name.trimmingWhitespace()
        if name.isEmpty || name.count > 200 { issues.append(FieldIssue(field: "name", reason: "is required")) }
        let email = try? EmailAddress(request.email.trimmingWhitespace())
        if email == nil { issues.append(FieldIssue(field: "email", reason: "is not an email address")) }
        if request.company.count > 200 { issues.append(FieldIssue(field: "company", reason: "must be at most 200 characters")) }
        if request.message.count > 5_000 { issues.append(FieldIssue(field: "message", reason: "must be at most 5,000 characters")) }
        if !issues.isEmpty { throw RapportError.invalid(issues) }
        if configuration.quoteID != nil { throw RapportError.conflict("A quote was already requested for this configuration.") }
        let system = Principal.system(workspace)
        let owner = published.product.ownerID
        let contact = try await db.read { sql in
            try await sql.raw(
                """
                SELECT p.record_id FROM contact_points p JOIN contacts c ON c.id = p.record_id
                WHERE p.workspace_id = \(bind: workspace.uuid) AND p.entity = 'contact' AND p.kind = 'email' AND p.value = \(bind: email!.value)
                    AND c.deleted_at IS NULL
                ORDER BY p.record_id LIMIT 1
                """
            ).first()?.decode(column: "record_id", as: UUID.self)
        }
        var lead: Record<Lead>?
        if contact == nil {
            var changes = RecordChanges<Lead>()
            let parts = name.split(separator: " ", maxSplits: 1).map(String.init)
            changes.values["first_name"] = .some(.text(parts.count == 2 ? parts[0] : ""))
            changes.values["last_name"] = .some(.text(parts.count == 2 ? parts[1] : name))
            if parts.count != 2 { changes.values["first_name"] = nil }
            changes.values["emails"] = .some(.emails([LabeledEmail(email!)]))
            if !request.company.trimmingWhitespace().isEmpty { changes.values["company"] = .some(.text(request.company.trimmingWhitespace())) }
            if let phone = try? PhoneNumber(request.phone, defaultCountry: "US"), !request.phone.isEmpty {
                changes.values["phones"] = .some(.phones([LabeledPhone(phone)]))
            }
            changes.values["source"] = .some(.text("website"))
            changes.values["source_detail"] = .some(.text(String("Configurator: \(published.product.title)".prefix(200))))
            changes.values["description"] = .some(.text("Asked for a quote of \(configuration.summary).\n\(request.message)"))
            changes.ownerID = .set(owner)
            lead = try await leads.create(changes, by: system)
        }
        var values: RecordValuesPatch = [
            "name": .text(String("Quote request: \(published.product["name"]?.text ?? published.product.title)".prefix(200))),
            "currency": .text(configuration.price.currency),
            "notes": .text(
                "Requested on the public configurator by \(name) <\(email!.value)>"
                    + (request.company.isEmpty ? "" : ", \(request.company)") + (lead.map { " (lead /leads/\($0.id))" } ?? "") + ".\n"
                    + request.message),
        ]
        if let contact { values["contact_id"] = .id(contact) }
        var changes = RecordChanges<Quote>.setting(values)
        changes.ownerID = .set(owner)
        let quote = try await quotes.create(changes, by: system)
        let line = LineRequest(
            productID: published.product.id.uuid, description: configuration.summary, quantity: Quantity(1),
            unitPrice: configuration.price.minor)
        let priced = try await billing.setLines([line], of: quote.id, expecting: nil, by: system)
        try await db.write { sql in
            try await sql.raw("UPDATE configurations SET quote_id = \(bind: quote.id.uuid) WHERE id = \(bind: configuration.id)").run()
            try await sql.raw("UPDATE document_lines SET configuration_id = \(bind: configuration.id) WHERE document_id = \(bind: quote.id.uuid)").run()
        }
        return (priced, lead)
    }
}

extension ConfiguratorStore {
    /// A rep's configuration added as the last line of a draft quote at its exact price (the
    /// quote's currency must be the configurator's).
    public func addToQuote(_ selection: Set<String>, of published: Published, quote: Record<Quote>, by principal: Principal) async throws
        -> Record<Quote>
    {
        try principal.requireWrite()
        let check = try published.configurator.check(selection)
        guard check.isValid else {
            throw RapportError.invalid(check.problems.map { FieldIssue(field: $0.option ?? $0.group ?? "options", reason: $0.message) })
        }
        let currency = quote["currency"]?.text ?? ""
        guard currency == check.price.currency else {
            throw RapportError.invalid(field: "quote_id", reason: "is in \(currency); this configurator prices in \(check.price.currency)")
        }
        let existing = try await billing.lines(of: quote).map {
            LineRequest(
                productID: $0.productID, description: $0.description, quantity: $0.quantity, unitPrice: $0.unitPrice, discount: $0.discount,
                taxRate: $0.taxRate, sourceLineID: $0.sourceLineID)
        }
        let summary = Self.summary(check.selection, published)
        let line = LineRequest(productID: published.product.id.uuid, description: summary, quantity: Quantity(1), unitPrice: check.price.minor)
        let updated = try await billing.setLines(existing + [line], of: quote.id, expecting: quote.version, by: principal)
        let id = UUIDv7.make()
        try await db.write { sql in
            try await sql.raw(
                """
                INSERT INTO configurations (id, workspace_id, product_id, selection, price, currency, summary, quote_id, created_at)
                VALUES (\(bind: id), \(bind: principal.workspaceID.uuid), \(bind: published.product.id.uuid),
                    \(bind: check.selection.joined(separator: ",")), \(bind: check.price.minor), \(bind: check.price.currency), \(bind: summary),
                    \(bind: quote.id.uuid), \(bind: Timestamp.now().micros))
                """
            ).run()
            try await sql.raw(
                "UPDATE document_lines SET configuration_id = \(bind: id) WHERE document_id = \(bind: quote.id.uuid) AND position = \(bind: existing.count)"
            ).run()
        }
        return updated
    }
}

extension ConfiguratorStore {
    /// The products of a workspace that have a configurator, by ID.
    public func configurableProducts(in workspace: Workspace.ID) async throws -> [UUID] {
        try await db.read { sql in
            try await sql.raw(
                "SELECT product_id FROM product_configurators WHERE workspace_id = \(bind: workspace.uuid) ORDER BY product_id"
            ).all().map { try $0.decode(column: "product_id", as: UUID.self) }
        }
    }
}

extension Store {
    public var configurators: ConfiguratorStore {
        ConfiguratorStore(db: db, quotes: billing.quotes, leads: leads, billing: billing)
    }
}
