import Foundation
import RapportCore
import SQLKit

/// Bundles: a product that is a set of other products, each in a quantity. A bundle is quoted as
/// one line at its own price (its description lists what is in it; its cost, unless it has one of
/// its own, is its contents' cost). Components are plain products: bundles do not nest.
public struct Bundles: Sendable {
    let db: Database

    public struct Component: Sendable, Equatable {
        public var product: UUID
        public var quantity: Quantity

        public init(product: UUID, quantity: Quantity) {
            self.product = product
            self.quantity = quantity
        }
    }

    public func components(of bundle: Record<Product>.ID) async throws -> [Component] {
        try await db.read { sql in try await Self.components(bundle.uuid, on: sql) }
    }

    static func components(_ bundle: UUID, on sql: any SQLDatabase) async throws -> [Component] {
        try await sql.raw("SELECT component_id, quantity FROM bundle_components WHERE bundle_id = \(bind: bundle) ORDER BY position").all().map {
            Component(
                product: try $0.decode(column: "component_id", as: UUID.self),
                quantity: Quantity(thousandths: try $0.decode(column: "quantity", as: Int64.self)))
        }
    }

    /// Sets what a bundle holds (managers and admins); an empty list makes it a plain product again.
    public func setComponents(_ components: [Component], of bundle: Record<Product>.ID, by principal: Principal) async throws {
        guard principal.canWrite, principal.role >= .manager else { throw RapportError.forbidden("Only managers and admins change the catalog.") }
        var issues: [FieldIssue] = []
        if components.count > 50 { issues.append(FieldIssue(field: "components", reason: "can hold at most 50 products")) }
        if Set(components.map(\.product)).count != components.count {
            issues.append(FieldIssue(field: "components", reason: "lists a product twice"))
        }
        for (index, component) in components.enumerated() where component.quantity.thousandths <= 0 {
            issues.append(FieldIssue(field: "components[\(index)].quantity", reason: "must be more than zero"))
        }
        if !issues.isEmpty { throw RapportError.invalid(issues) }
        try await db.write { sql in
            let workspace = principal.workspaceID
            guard let record = try await RecordStore<Product>.fetch(bundle, workspace: workspace, on: sql), record.deletedAt == nil else {
                throw RapportError.notFound(entity: "product", id: bundle.description)
            }
            let inOther = try await sql.raw("SELECT COUNT(*) AS n FROM bundle_components WHERE component_id = \(bind: bundle.uuid)")
                .first()?.decode(column: "n", as: Int.self) ?? 0
            if inOther > 0, !components.isEmpty {
                throw RapportError.invalid(field: "components", reason: "\(record.title) is itself in a bundle; bundles do not nest")
            }
            for (index, component) in components.enumerated() {
                let at = "components[\(index)].product_id"
                if component.product == bundle.uuid { throw RapportError.invalid(field: at, reason: "a bundle cannot hold itself") }
                guard let part = try await RecordStore<Product>.fetch(.init(component.product), workspace: workspace, on: sql), part.deletedAt == nil
                else { throw RapportError.invalid(field: at, reason: "is not a product of the catalog") }
                if !(try await Self.components(component.product, on: sql)).isEmpty {
                    throw RapportError.invalid(field: at, reason: "\(part.title) is a bundle; bundles do not nest")
                }
            }
            try await sql.raw("DELETE FROM bundle_components WHERE bundle_id = \(bind: bundle.uuid)").run()
            for (index, component) in components.enumerated() {
                try await sql.raw(
                    """
                    INSERT INTO bundle_components (bundle_id, component_id, workspace_id, quantity, position)
                    VALUES (\(bind: bundle.uuid), \(bind: component.product), \(bind: workspace.uuid), \(bind: component.quantity.thousandths), \(bind: index))
                    """
                ).run()
            }
            try await EventLog.append(
                EventLog.event(
                    .updated, entity: "product", recordID: bundle.description,
                    changes: [FieldChange(field: "bundle", before: .null, after: .int(Int64(components.count)))], version: record.version,
                    by: principal, at: .now()), on: sql)
        }
    }
}

extension Store {
    public var bundles: Bundles { Bundles(db: db) }
}
