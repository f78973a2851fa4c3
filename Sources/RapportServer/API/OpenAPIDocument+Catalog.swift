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
        addConfigurators(paths: &paths, schemas: &schemas)
    }

    /// A product's configurator (`ConfiguratorAPI`); the public page is HTML, outside the API.
    static func addConfigurators(paths: inout JSONObject, schemas: inout JSONObject) {
        let option = JSONValue.object([
            "type": "object", "additionalProperties": false, "required": .array(["key", "label"]),
            "properties": .object([
                "key": str(max: 64), "label": str(max: 150), "price_delta": .object(["type": "integer"]),
                "cost_delta": .object(["type": "integer"]), "default": .object(["type": "boolean"]),
            ]),
        ])
        let group = JSONValue.object([
            "type": "object", "additionalProperties": false, "required": .array(["key", "label", "options"]),
            "properties": .object([
                "key": str(max: 64), "label": str(max: 100), "min": .object(["type": "integer"]), "max": .object(["type": "integer"]),
                "options": .object(["type": "array", "items": option, "minItems": 1, "maxItems": 100]),
            ]),
        ])
        let rule = JSONValue.object([
            "type": "object", "additionalProperties": false, "required": .array(["type", "option", "options"]),
            "properties": .object([
                "type": enumOf(["requires", "excludes", "only_if"]), "option": str(max: 64),
                "options": .object(["type": "array", "items": str(), "minItems": 1]),
            ]),
        ])
        schemas["ConfiguratorDefinition"] = .object([
            "type": "object", "required": .array(["currency", "base_price", "groups"]),
            "properties": .object([
                "currency": .object(["type": "string", "pattern": "^[A-Za-z]{3}$"]), "base_price": .object(["type": "integer", "minimum": 0]),
                "base_cost": .object(["type": "integer"]), "groups": .object(["type": "array", "items": group, "maxItems": 50]),
                "rules": .object(["type": "array", "items": rule]),
            ]),
        ])
        schemas["ProductConfigurator"] = obj(
            ["product_id": uuid(), "configurator": ref("ConfiguratorDefinition"), "published": .object(["type": "boolean"]), "public_path": str()],
            required: ["product_id", "configurator", "published", "public_path"])
        paths["/api/v1/products/{id}/configurator"] = .object([
            "parameters": .array([idParam]),
            "get": op(
                "getConfigurator", "A product's option groups, options, rules and public link", tag: "Catalog",
                responses: ["200": ref("ProductConfigurator")], errors: [401, 404]),
            "put": op(
                "setConfigurator", "Set a product's configurator and open or close its public page (managers and admins); rule sets with conflicts are refused",
                tag: "Catalog",
                body: .object([
                    "type": "object", "additionalProperties": false, "required": .array(["configurator"]),
                    "properties": .object(["configurator": ref("ConfiguratorDefinition"), "published": .object(["type": "boolean"])]),
                ]),
                responses: ["200": ref("ProductConfigurator")], errors: [400, 401, 403, 404, 409, 413, 415, 422]),
        ])
        paths["/api/v1/products/{id}/configurator/check"] = .object([
            "parameters": .array([idParam]),
            "post": op(
                "checkConfiguration", "Check a configuration: its exact price and cost, what is wrong, and which options are unavailable and why",
                tag: "Catalog",
                body: .object([
                    "type": "object", "additionalProperties": false, "required": .array(["options"]),
                    "properties": .object(["options": .object(["type": "array", "items": str(max: 64), "maxItems": 200])]),
                ]),
                responses: [
                    "200": obj(
                        [
                            "valid": .object(["type": "boolean"]), "selection": .object(["type": "array", "items": str()]), "price": moneySchema,
                            "cost": moneySchema,
                            "problems": .object([
                                "type": "array",
                                "items": obj(
                                    ["kind": str(), "group": nullable(str()), "option": nullable(str()), "message": str()],
                                    required: ["kind", "group", "option", "message"]),
                            ]),
                            "unavailable": .object(["type": "object", "additionalProperties": .object(["type": "array", "items": str()])]),
                        ], required: ["valid", "selection", "price", "cost", "problems", "unavailable"])
                ], errors: [400, 401, 404, 413, 415, 422]),
        ])
    }
}
