import Foundation
import RapportCore
import SQLKit

/// Price books and their prices. Everyone reads them; managers and admins change them. Every
/// change is written to the event log (`price_book`).
public struct PriceBookStore: Sendable {
    let db: Database

    public init(_ db: Database) { self.db = db }

    public func books(in workspace: Workspace.ID) async throws -> [PriceBook] {
        try await db.read { sql in try await Self.books(workspace, on: sql) }
    }

    public func book(_ id: PriceBook.ID, in workspace: Workspace.ID) async throws -> PriceBook {
        guard let book = try await books(in: workspace).first(where: { $0.id == id }) else {
            throw RapportError.notFound(entity: "price book", id: id.description)
        }
        return book
    }

    static func books(_ workspace: Workspace.ID, on sql: any SQLDatabase) async throws -> [PriceBook] {
        try await sql.raw(
            """
            SELECT id, name, currency, account_types, description, active FROM price_books
            WHERE workspace_id = \(bind: workspace.uuid) ORDER BY currency, account_types, name_key
            """
        ).all().map { row in
            let types = try row.decode(column: "account_types", as: String.self)
            return PriceBook(
                id: .init(try row.decode(column: "id", as: UUID.self)), name: try row.decode(column: "name", as: String.self),
                currency: try row.decode(column: "currency", as: String.self),
                accountTypes: types.split(separator: ",").map(String.init),
                description: try row.decode(column: "description", as: String.self), active: try row.decode(column: "active", as: Bool.self))
        }
    }

    public func create(
        name: String, currency: String, accountTypes: [String], description: String, by principal: Principal
    ) async throws -> PriceBook {
        try Self.requireEditor(principal)
        let types = Array(Set(accountTypes)).sorted()
        try PriceBook.validate(name: name, currency: currency, accountTypes: types, description: description)
        let book = PriceBook(
            id: .make(), name: name.trimmingWhitespace(), currency: currency, accountTypes: types, description: description, active: true)
        try await db.write { sql in
            try await Self.checkClashes(book, on: sql, workspace: principal.workspaceID)
            let now = Timestamp.now()
            try await sql.raw(
                """
                INSERT INTO price_books (id, workspace_id, name, name_key, currency, account_types, description, active, created_at, updated_at)
                VALUES (\(bind: book.id.uuid), \(bind: principal.workspaceID.uuid), \(bind: book.name), \(bind: SearchText.fold(book.name)),
                        \(bind: book.currency), \(bind: types.joined(separator: ",")), \(bind: description), \(bind: true),
                        \(bind: now.micros), \(bind: now.micros))
                """
            ).run()
            try await Self.log(.created, book: book, changes: Self.changes(nil, book), by: principal, on: sql)
        }
        return book
    }

    /// Renames a book, changes whom it is for, its description, or retires it (its currency stays:
    /// its prices are in it).
    public func update(
        _ id: PriceBook.ID, name: String?, accountTypes: [String]?, description: String?, active: Bool?, by principal: Principal
    ) async throws -> PriceBook {
        try Self.requireEditor(principal)
        return try await db.write { sql in
            guard let current = try await Self.books(principal.workspaceID, on: sql).first(where: { $0.id == id }) else {
                throw RapportError.notFound(entity: "price book", id: id.description)
            }
            var next = current
            if let name { next.name = name.trimmingWhitespace() }
            if let accountTypes { next.accountTypes = Array(Set(accountTypes)).sorted() }
            if let description { next.description = description }
            if let active { next.active = active }
            try PriceBook.validate(name: next.name, currency: next.currency, accountTypes: next.accountTypes, description: next.description)
            guard next != current else { return current }
            try await Self.checkClashes(next, on: sql, workspace: principal.workspaceID)
            try await sql.raw(
                """
                UPDATE price_books SET name = \(bind: next.name), name_key = \(bind: SearchText.fold(next.name)),
                    account_types = \(bind: next.accountTypes.joined(separator: ",")), description = \(bind: next.description),
                    active = \(bind: next.active), updated_at = \(bind: Timestamp.now().micros)
                WHERE id = \(bind: id.uuid) AND workspace_id = \(bind: principal.workspaceID.uuid)
                """
            ).run()
            try await Self.log(.updated, book: next, changes: Self.changes(current, next), by: principal, on: sql)
            return next
        }
    }

    /// Removes a book and its prices (quotes keep the prices they were made with).
    public func delete(_ id: PriceBook.ID, by principal: Principal) async throws {
        try Self.requireEditor(principal)
        try await db.write { sql in
            guard let current = try await Self.books(principal.workspaceID, on: sql).first(where: { $0.id == id }) else {
                throw RapportError.notFound(entity: "price book", id: id.description)
            }
            try await sql.raw("DELETE FROM price_book_entries WHERE price_book_id = \(bind: id.uuid)").run()
            try await sql.raw("DELETE FROM price_books WHERE id = \(bind: id.uuid)").run()
            try await Self.log(.deleted, book: current, changes: Self.changes(current, nil), by: principal, on: sql)
        }
    }

    /// A book's prices with their products, by product name.
    public func entries(of id: PriceBook.ID, by principal: Principal) async throws -> [(product: Record<Product>, price: Money)] {
        let book = try await book(id, in: principal.workspaceID)
        let rows = try await db.read { sql in
            try await sql.raw(
                """
                SELECT product_id, unit_price FROM price_book_entries
                WHERE price_book_id = \(bind: id.uuid) AND workspace_id = \(bind: principal.workspaceID.uuid)
                """
            ).all().map { (try $0.decode(column: "product_id", as: UUID.self), try $0.decode(column: "unit_price", as: Int64.self)) }
        }
        let prices = Dictionary(rows, uniquingKeysWith: { a, _ in a })
        let products = try await RecordStore<Product>(db).get(many: prices.keys.map { .init($0) }, by: principal)
        return products.sorted { $0.title.localizedStandardCompare($1.title) == .orderedAscending }.map {
            ($0, Money(minor: prices[$0.id.uuid] ?? 0, currency: book.currency))
        }
    }

    /// Sets a product's price in a book (in the book's currency), or removes it with nil.
    public func setPrice(_ price: Money?, of product: Record<Product>.ID, in id: PriceBook.ID, by principal: Principal) async throws {
        try Self.requireEditor(principal)
        try await db.write { sql in
            guard let book = try await Self.books(principal.workspaceID, on: sql).first(where: { $0.id == id }) else {
                throw RapportError.notFound(entity: "price book", id: id.description)
            }
            let found = try await sql.raw(
                "SELECT name, deleted_at FROM products WHERE id = \(bind: product.uuid) AND workspace_id = \(bind: principal.workspaceID.uuid)"
            ).first()
            guard let found, try found.decodeNil(column: "deleted_at") else {
                throw RapportError.invalid(field: "product_id", reason: "is not a product of the catalog")
            }
            let before = try await sql.raw(
                "SELECT unit_price FROM price_book_entries WHERE price_book_id = \(bind: id.uuid) AND product_id = \(bind: product.uuid)"
            ).first().map { try $0.decode(column: "unit_price", as: Int64.self) }
            if let price {
                guard price.currency == book.currency else {
                    throw RapportError.invalid(field: "unit_price", reason: "must be in the book's currency (\(book.currency))")
                }
                guard price.minor >= 0 else { throw RapportError.invalid(field: "unit_price", reason: "cannot be negative") }
                if before == nil {
                    try await sql.raw(
                        """
                        INSERT INTO price_book_entries (price_book_id, product_id, workspace_id, unit_price, updated_at)
                        VALUES (\(bind: id.uuid), \(bind: product.uuid), \(bind: principal.workspaceID.uuid), \(bind: price.minor), \(bind: Timestamp.now().micros))
                        """
                    ).run()
                } else {
                    try await sql.raw(
                        """
                        UPDATE price_book_entries SET unit_price = \(bind: price.minor), updated_at = \(bind: Timestamp.now().micros)
                        WHERE price_book_id = \(bind: id.uuid) AND product_id = \(bind: product.uuid)
                        """
                    ).run()
                }
            } else {
                try await sql.raw(
                    "DELETE FROM price_book_entries WHERE price_book_id = \(bind: id.uuid) AND product_id = \(bind: product.uuid)"
                ).run()
            }
            guard before != price?.minor else { return }
            let name = try found.decode(column: "name", as: String.self)
            try await Self.log(
                .updated, book: book,
                changes: [
                    FieldChange(
                        field: "price:\(name)", before: before.map { FieldValue.money(Money(minor: $0, currency: book.currency)).json } ?? .null,
                        after: price.map { FieldValue.money($0).json } ?? .null)
                ], by: principal, on: sql)
        }
    }

    /// How many prices each book holds, in one query (books without any are missing).
    public func priceCounts(in workspace: Workspace.ID) async throws -> [PriceBook.ID: Int] {
        try await db.read { sql in
            var counts: [PriceBook.ID: Int] = [:]
            for row in try await sql.raw(
                "SELECT price_book_id, COUNT(*) AS n FROM price_book_entries WHERE workspace_id = \(bind: workspace.uuid) GROUP BY price_book_id"
            ).all() {
                counts[.init(try row.decode(column: "price_book_id", as: UUID.self))] = try row.decode(column: "n", as: Int.self)
            }
            return counts
        }
    }

    /// A product's price in every book that has one.
    public func prices(of product: Record<Product>.ID, in workspace: Workspace.ID) async throws -> [PriceBook.ID: Money] {
        try await db.read { sql in try await Self.prices(product, workspace, on: sql) }
    }

    static func prices(_ product: Record<Product>.ID, _ workspace: Workspace.ID, on sql: any SQLDatabase) async throws -> [PriceBook.ID: Money] {
        var result: [PriceBook.ID: Money] = [:]
        for row in try await sql.raw(
            """
            SELECT e.price_book_id, e.unit_price, b.currency FROM price_book_entries e JOIN price_books b ON b.id = e.price_book_id
            WHERE e.product_id = \(bind: product.uuid) AND e.workspace_id = \(bind: workspace.uuid)
            """
        ).all() {
            result[.init(try row.decode(column: "price_book_id", as: UUID.self))] = Money(
                minor: try row.decode(column: "unit_price", as: Int64.self), currency: try row.decode(column: "currency", as: String.self))
        }
        return result
    }

    /// The unit price a customer (an account, or none) is quoted for a product in a currency.
    public func price(
        of product: Record<Product>.ID, currency: String, account: Record<Account>.ID?, by principal: Principal
    ) async throws -> ResolvedPrice {
        let record = try await RecordStore<Product>(db).get(product, by: principal)
        guard record.deletedAt == nil else { throw RapportError.invalid(field: "product_id", reason: "is a deleted product") }
        guard Money.isValidCurrency(currency) else { throw RapportError.invalid(field: "currency", reason: "must be a three-letter currency code") }
        var accountType: String?
        if let account { accountType = try await RecordStore<Account>(db).get(account, by: principal)["type"]?.text }
        let books = try await books(in: principal.workspaceID)
        let entries = try await prices(of: product, in: principal.workspaceID)
        guard
            let resolved = ResolvedPrice.choose(
                currency: currency, accountType: accountType, books: books, entries: entries, listPrice: record["price"]?.money)
        else {
            throw RapportError.invalid(field: "currency", reason: "\(record.title) has no price in \(currency): add it to a \(currency) price book")
        }
        return resolved
    }

    // MARK: Rules

    static func requireEditor(_ principal: Principal) throws(RapportError) {
        guard principal.role >= .manager else { throw .forbidden("Only managers and admins change price books.") }
    }

    /// Two active books may not both answer the same currency and customer: one standard book per
    /// currency, one book per currency and account type. Names are unique.
    static func checkClashes(_ book: PriceBook, on sql: any SQLDatabase, workspace: Workspace.ID) async throws {
        let others = try await books(workspace, on: sql).filter { $0.id != book.id }
        if others.contains(where: { SearchText.fold($0.name) == SearchText.fold(book.name) }) {
            throw RapportError.invalid(field: "name", reason: "is already the name of another price book")
        }
        guard book.active else { return }
        for other in others where other.active && other.currency == book.currency {
            if book.isStandard && other.isStandard {
                throw RapportError.invalid(field: "account_types", reason: "\(other.name) is already the standard \(book.currency) book")
            }
            if let shared = book.accountTypes.first(where: other.accountTypes.contains) {
                throw RapportError.invalid(
                    field: "account_types", reason: "\(other.name) already prices \(book.currency) for \(shared) accounts")
            }
        }
    }

    static func changes(_ before: PriceBook?, _ after: PriceBook?) -> [FieldChange] {
        func values(_ book: PriceBook?) -> [(String, FieldValue?)] {
            [
                ("name", book.map { .text($0.name) }), ("currency", book.map { .text($0.currency) }),
                ("account_types", book.map { .tags($0.accountTypes) }), ("description", book.map { .text($0.description) }),
                ("active", book.map { .bool($0.active) }),
            ]
        }
        return zip(values(before), values(after)).compactMap { b, a in
            b.1 == a.1 ? nil : FieldChange(field: b.0, before: b.1?.json ?? .null, after: a.1?.json ?? .null)
        }
    }

    static func log(_ action: EventAction, book: PriceBook, changes: [FieldChange], by principal: Principal, on sql: any SQLDatabase)
        async throws
    {
        try await EventLog.append(
            EventLog.event(action, entity: "price_book", recordID: book.id.description, changes: changes, version: 1, by: principal, at: .now()),
            on: sql)
    }
}
