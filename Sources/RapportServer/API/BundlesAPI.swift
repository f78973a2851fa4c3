import Foundation
import Hummingbird
import RapportCore
import RapportStore

/// A bundle's contents over the API, and the product page's forms to add and remove them.
struct BundlesAPI: Sendable {
    let store: Store
    let maxBodyBytes: Int

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("/api/v1/products/:id/components") { _, context -> Response in
            let principal = try context.requirePrincipal()
            let id = try ConfiguratorAPI.product(context)
            _ = try await store.products.get(id, by: principal)
            return .json(Self.json(try await store.bundles.components(of: id)))
        }
        group.put("/api/v1/products/:id/components") { request, context -> Response in
            let principal = try context.requirePrincipal()
            let id = try ConfiguratorAPI.product(context)
            var request = request
            let object = try await request.jsonObject(limit: maxBodyBytes)
            guard case .array(let items)? = object["components"] else {
                throw RapportError.invalid(field: "components", reason: "is required: a list of {product_id, quantity}")
            }
            var components: [Bundles.Component] = []
            for (index, item) in items.enumerated() {
                guard case .object(let entry) = item, let raw = entry["product_id"]?.stringValue, let product = UUID(uuidString: raw) else {
                    throw RapportError.invalid(field: "components[\(index)].product_id", reason: "must be a product ID")
                }
                let quantity = try Quantity.parse(LineRequest.decimalText(entry["quantity"], default: "1"), field: "components[\(index)].quantity")
                components.append(Bundles.Component(product: product, quantity: quantity))
            }
            try await store.bundles.setComponents(components, of: id, by: principal)
            return .json(Self.json(try await store.bundles.components(of: id)))
        }
    }

    static func json(_ components: [Bundles.Component]) -> JSONValue {
        .object(
            JSONObject([
                "components": .array(
                    components.map {
                        .object(JSONObject(["product_id": .string($0.product.lowercasedText), "quantity": .string($0.quantity.description)]))
                    })
            ]))
    }
}

/// The product page's bundle forms: add a product to the bundle, or take one out.
struct BundlePages: Sendable {
    let store: Store

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.post("/products/:id/components") { request, context -> Response in
            let principal = try context.requirePrincipal()
            let id = try ConfiguratorAPI.product(context)
            var request = request
            let form = try await request.form(limit: 1 << 16)
            do {
                var components = try await store.bundles.components(of: id)
                if let remove = form["remove"].flatMap(UUID.init(uuidString:)) {
                    components.removeAll { $0.product == remove }
                } else {
                    guard let product = form["product_id"].flatMap(UUID.init(uuidString:)) else {
                        throw RapportError.invalid(field: "product_id", reason: "choose a product")
                    }
                    let quantity = try Quantity.parse(form["quantity"] ?? "1")
                    components.removeAll { $0.product == product }
                    components.append(Bundles.Component(product: product, quantity: quantity))
                }
                try await store.bundles.setComponents(components, of: id, by: principal)
                return .seeOther("/products/\(id)#bundle", flash: "Bundle updated.")
            } catch let error as RapportError where !error.fieldIssues.isEmpty {
                return .seeOther("/products/\(id)#bundle", flash: DocumentPages.words(error), kind: "error")
            }
        }
    }
}
