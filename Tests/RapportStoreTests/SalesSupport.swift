import Foundation
import RapportCore
import RapportStore
import Testing

extension Fixture {
    var deals: RecordStore<Deal> { store.deals }
    var leads: RecordStore<Lead> { store.leads }

    /// The workspace's standard "Sales" pipeline (seeded on first use).
    func salesPipeline() async throws -> Pipeline {
        try #require(try await store.pipelines.all(in: workspace.id).first { $0.name == "Sales" })
    }

    /// A stage of the Sales pipeline by name.
    func stage(_ name: String) async throws -> Stage {
        try #require(try await salesPipeline().stages.first { $0.name == name })
    }

    @discardableResult
    func deal(_ pairs: KeyValuePairs<String, JSONValue>, by principal: Principal) async throws -> Record<Deal> {
        try await deals.create(try changes(Deal.self, pairs), by: principal)
    }

    @discardableResult
    func lead(_ pairs: KeyValuePairs<String, JSONValue>, by principal: Principal) async throws -> Record<Lead> {
        try await leads.create(try changes(Lead.self, pairs), by: principal)
    }

    /// Moves a deal to a stage, with any other fields in the same change.
    @discardableResult
    func move(_ deal: Record<Deal>, to stage: Stage, with pairs: KeyValuePairs<String, JSONValue> = [:], by principal: Principal)
        async throws -> Record<Deal>
    {
        var object = JSONObject(pairs)
        object["stage_id"] = .string(stage.id.description)
        var input = Input(object)
        let changes = RecordChanges<Deal>.read(&input, defaultCountry: "US")
        try input.finish()
        let current = try await deals.get(deal.id, by: principal)
        return try await deals.update(deal.id, changes, expecting: current.version, by: principal)
    }
}

/// Money as the API writes it.
func money(_ minor: Int64, _ currency: String = "EUR") -> JSONValue {
    .object(JSONObject(["amount_minor": .int(minor), "currency": .string(currency)]))
}
