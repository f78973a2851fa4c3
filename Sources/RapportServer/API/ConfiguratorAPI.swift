import Foundation
import Hummingbird
import RapportCore
import RapportStore

/// A product's configurator over the API: read it, set it (managers and admins), and check a
/// configuration with its exact price (what reps use inside a deal).
struct ConfiguratorAPI: Sendable {
    let store: Store
    let maxBodyBytes: Int

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("/api/v1/products/:id/configurator") { _, context -> Response in
            let principal = try context.requirePrincipal()
            let id = try Self.product(context)
            guard let published = try await store.configurators.configurator(of: id, by: principal) else {
                throw RapportError.notFound(entity: "configurator", id: id.description)
            }
            return .json(Self.json(published))
        }
        group.put("/api/v1/products/:id/configurator") { request, context -> Response in
            let principal = try context.requirePrincipal()
            let id = try Self.product(context)
            var request = request
            let object = try await request.jsonObject(limit: maxBodyBytes)
            for key in object.keys where key != "configurator" && key != "published" {
                throw RapportError.invalid(field: key, reason: "is not accepted here: send configurator and published")
            }
            guard let definition = object["configurator"] else { throw RapportError.invalid(field: "configurator", reason: "is required") }
            var published = false
            if let flag = object["published"], flag != .null {
                guard case .bool(let value) = flag else { throw RapportError.invalid(field: "published", reason: "must be true or false") }
                published = value
            }
            let configurator = try Configurator.read(definition)
            let saved = try await store.configurators.save(configurator, published: published, of: id, by: principal)
            return .json(Self.json(saved))
        }
        group.post("/api/v1/products/:id/configurator/check") { request, context -> Response in
            let principal = try context.requirePrincipal()
            let id = try Self.product(context)
            var request = request
            let object = try await request.jsonObject(limit: maxBodyBytes)
            guard case .array(let items)? = object["options"], items.count <= 200 else {
                throw RapportError.invalid(field: "options", reason: "is required: the chosen option keys")
            }
            let keys = items.compactMap(\.stringValue)
            guard keys.count == items.count else { throw RapportError.invalid(field: "options", reason: "must be option keys") }
            guard let published = try await store.configurators.configurator(of: id, by: principal) else {
                throw RapportError.notFound(entity: "configurator", id: id.description)
            }
            let selection = Set(keys)
            let check = try published.configurator.check(selection)
            var unavailable = JSONObject()
            let reasons = published.configurator.unavailable(given: selection)
            for key in reasons.keys.sorted() { unavailable[key] = .array(reasons[key]!.map { JSONValue.string($0) }) }
            var body = JSONObject()
            body["valid"] = .bool(check.isValid)
            body["selection"] = .array(check.selection.map { JSONValue.string($0) })
            body["price"] = FieldValue.money(check.price).json
            body["cost"] = FieldValue.money(check.cost).json
            body["problems"] = .array(
                check.problems.map { p in
                    .object(
                        JSONObject([
                            "kind": .string(p.kind.rawValue), "group": p.group.map { .string($0) } ?? .null,
                            "option": p.option.map { .string($0) } ?? .null, "message": .string(p.message),
                        ]))
                })
            body["unavailable"] = .object(unavailable)
            return .json(.object(body))
        }
    }

    static func product(_ context: AppRequestContext) throws(RapportError) -> Record<Product>.ID {
        guard let id = context.parameters.get("id").flatMap(Record<Product>.ID.init) else {
            throw .notFound(entity: "product", id: context.parameters.get("id") ?? "")
        }
        return id
    }

    static func json(_ published: ConfiguratorStore.Published) -> JSONValue {
        .object(
            JSONObject([
                "product_id": .string(published.product.id.description), "configurator": published.configurator.json,
                "published": .bool(published.published), "public_path": .string("/configure/\(published.token)"),
            ]))
    }
}
