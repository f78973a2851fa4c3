import Foundation

/// Prices for one currency and, optionally, some kinds of customer (partners, distributors): the
/// price a product is quoted at for an account of that type in that currency. The standard book of
/// a currency serves every other customer; without one the product's list price serves when it is
/// in that currency.
public struct PriceBook: Sendable, Equatable, Identifiable {
    public typealias ID = RapportCore.ID<PriceBook>
    public var id: ID
    public var name: String
    public var currency: String
    /// Account types this book is for (`partner`, `distributor`…); empty for the currency's standard book.
    public var accountTypes: [String]
    public var description: String
    public var active: Bool

    public init(id: ID, name: String, currency: String, accountTypes: [String], description: String, active: Bool) {
        self.id = id
        self.name = name
        self.currency = currency
        self.accountTypes = accountTypes
        self.description = description
        self.active = active
    }

    public var isStandard: Bool { accountTypes.isEmpty }

    /// Checks a book someone typed, naming each bad field.
    public static func validate(name: String, currency: String, accountTypes: [String], description: String) throws(RapportError) {
        var issues: [FieldIssue] = []
        let trimmed = name.trimmingWhitespace()
        if trimmed.isEmpty || trimmed.count > 100 { issues.append(FieldIssue(field: "name", reason: "is required, at most 100 characters")) }
        if !Money.isValidCurrency(currency) { issues.append(FieldIssue(field: "currency", reason: "must be a three-letter currency code like EUR")) }
        for type in accountTypes where !Account.types.contains(type) {
            issues.append(FieldIssue(field: "account_types", reason: "must be among: \(Account.types.joined(separator: ", "))"))
            break
        }
        if description.count > 2000 { issues.append(FieldIssue(field: "description", reason: "must be at most 2,000 characters")) }
        if !issues.isEmpty { throw .invalid(issues) }
    }

    public var json: JSONValue {
        .object(
            JSONObject([
                "id": .string(id.description), "name": .string(name), "currency": .string(currency),
                "account_types": .array(accountTypes.map { .string($0) }), "description": .string(description),
                "active": .bool(active), "standard": .bool(isStandard),
            ]))
    }
}

/// A product's price in a book, in the book's currency.
public struct PriceBookEntry: Sendable, Equatable {
    public var bookID: PriceBook.ID
    public var productID: UUID
    public var unitPrice: Money

    public init(bookID: PriceBook.ID, productID: UUID, unitPrice: Money) {
        self.bookID = bookID
        self.productID = productID
        self.unitPrice = unitPrice
    }
}

/// Where a quoted unit price came from.
public struct ResolvedPrice: Sendable, Equatable {
    public enum Source: String, Sendable {
        case priceBook = "price_book"
        case listPrice = "list_price"
    }

    public var unitPrice: Money
    public var source: Source
    public var book: PriceBook?

    public init(unitPrice: Money, source: Source, book: PriceBook?) {
        self.unitPrice = unitPrice
        self.source = source
        self.book = book
    }

    /// Chooses the price of a product for a customer: the active book of the currency made for the
    /// customer's account type, else the currency's active standard book, else the list price when
    /// it is in that currency. `entries` are the product's prices by book.
    public static func choose(
        currency: String, accountType: String?, books: [PriceBook], entries: [PriceBook.ID: Money], listPrice: Money?
    ) -> ResolvedPrice? {
        let usable = books.filter { $0.active && $0.currency == currency && entries[$0.id] != nil }
        if let type = accountType, let book = usable.first(where: { $0.accountTypes.contains(type) }), let price = entries[book.id] {
            return ResolvedPrice(unitPrice: price, source: .priceBook, book: book)
        }
        if let book = usable.first(where: \.isStandard), let price = entries[book.id] {
            return ResolvedPrice(unitPrice: price, source: .priceBook, book: book)
        }
        if let listPrice, listPrice.currency == currency { return ResolvedPrice(unitPrice: listPrice, source: .listPrice, book: nil) }
        return nil
    }
}
