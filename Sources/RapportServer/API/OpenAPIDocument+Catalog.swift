import Foundation
import RapportCore

extension OpenAPIDocument {
    /// Price books and a customer's price (`PriceBooksAPI`). Products themselves are an entity schema.
    static func addCatalog(paths: inout JSONObject, schemas: inout JSONObject) {
        let bool: JSONValue = .object(["type": "boolean"])
        let types: JSONValue = .object(["type": "array", "items": enumOf(Account.types), "maxItems": 10])
        let currency: JSONValue = .object(["type": "string", "pattern": "^[A-Z]{3}$"])
        schemas["PriceBook"] = obj(
            [
                "id": uuid(), "name": str(), "currency": str(), "account_types": .object(["type": "array", "items": str()]),
                "description": str(), "active": bool, "standard": bool,
            ],
            required: ["id", "name", "currency", "account_types", "description", "active", "standard"])
        let entry = obj(
            ["product_id": uuid(), "sku": str(), "name": str(), "unit_price": moneySchema],
            required: ["product_id", "sku", "name", "unit_price"])
        schemas["PriceBookWithPrices"] = .object([
            "allOf": .array([ref("PriceBook"), obj(["prices": .object(["type": "array", "items": entry])], required: ["prices"])])
        ])
        paths["/api/v1/price-books"] = .object([
            "get": op("listPriceBooks", "The workspace's price books", tag: "Catalog", responses: ["200": listOf(ref("PriceBook"))], errors: [401]),
            "post": op(
                "createPriceBook", "Add a price book for a currency, for everyone or some account types (managers and admins)",
                tag: "Catalog",
                body: .object([
                    "type": "object", "required": .array(["name", "currency"]), "additionalProperties": false,
                    "properties": .object(["name": str(max: 100), "currency": currency, "account_types": types, "description": str(max: 2000)]),
                ]),
                responses: ["201": ref("PriceBook")], errors: [400, 401, 403, 413, 415, 422]),
        ])
        paths["/api/v1/price-books/{id}"] = .object([
            "parameters": .array([idParam]),
            "get": op(
                "getPriceBook", "A price book with its prices", tag: "Catalog", responses: ["200": ref("PriceBookWithPrices")],
                errors: [401, 404]),
            "patch": op(
                "updatePriceBook", "Rename a book, change whom it is for, or retire it (managers and admins)", tag: "Catalog",
                body: .object([
                    "type": "object", "additionalProperties": false,
                    "properties": .object(["name": str(max: 100), "account_types": types, "description": str(max: 2000), "active": bool]),
                ]),
                responses: ["200": ref("PriceBook")], errors: [400, 401, 403, 404, 413, 415, 422]),
            "delete": op(
                "deletePriceBook", "Remove a book and its prices (managers and admins)", tag: "Catalog", responses: ["204": nil],
                errors: [401, 403, 404]),
        ])
        paths["/api/v1/price-books/{id}/prices/{product_id}"] = .object([
            "parameters": .array([idParam, .object(["name": "product_id", "in": "path", "required": true, "schema": uuid()])]),
            "put": op(
                "setPrice", "Set a product's price in the book (in its currency), or remove it with null", tag: "Catalog",
                body: .object([
                    "type": "object", "required": .array(["unit_price"]), "additionalProperties": false,
                    "properties": .object(["unit_price": nullable(moneySchema)]),
                ]),
                responses: [
                    "200": obj(
                        ["price_book_id": uuid(), "product_id": uuid(), "unit_price": nullable(moneySchema)],
                        required: ["price_book_id", "product_id", "unit_price"])
                ], errors: [400, 401, 403, 404, 413, 415, 422]),
        ])
        paths["/api/v1/products/{id}/price"] = .object([
            "parameters": .array([idParam]),
            "get": op(
                "getProductPrice",
                "The unit price a customer is quoted: their account type's book, else the standard book, else the list price",
                tag: "Catalog", params: [query("currency", currency), query("account_id", uuid())],
                responses: [
                    "200": obj(
                        ["product_id": uuid(), "unit_price": moneySchema, "source": enumOf(["price_book", "list_price"]), "price_book": nullable(ref("PriceBook"))],
                        required: ["product_id", "unit_price", "source", "price_book"])
                ], errors: [401, 404, 422]),
        ])
    }
}
