import Foundation
import RapportCore
import RapportStore
import Testing

extension Fixture {
    /// Adds an assignment rule (as the admin) with conditions and people.
    @discardableResult
    func assignmentRule(
        _ name: String, countries: [String] = [], regions: [String] = [], postalPrefixes: [String] = [], sources: [String] = [],
        team: Team? = nil, people: [Principal] = []
    ) async throws -> LeadAssignmentRule {
        try await store.leadAssignment.create(
            LeadAssignmentRule(
                id: .make(), name: name, countries: countries, regions: regions, postalPrefixes: postalPrefixes, sources: sources,
                teamID: team?.id, userIDs: people.compactMap(\.userID)),
            by: admin)
    }

    /// Adds a scoring rule (as the admin).
    @discardableResult
    func scoreRule(
        _ kind: LeadScoreRule.Kind, _ field: String, _ op: LeadScoreRule.Operator, _ value: String = "", points: Int, max: Int? = nil
    ) async throws -> LeadScoreRule {
        try await store.leadScoring.create(
            LeadScoreRule(id: .make(), kind: kind, field: field, op: op, value: value, points: points, maxPoints: max), by: admin)
    }

    /// Logs an activity about a lead.
    @discardableResult
    func logged(
        _ kind: String, _ direction: String = "outbound", on lead: Record<Lead>, at time: Timestamp? = nil, by principal: Principal
    ) async throws -> Record<Activity> {
        var object: JSONObject = ["kind": .string(kind), "lead_id": .string(lead.id.description)]
        if kind != "note" { object["direction"] = .string(direction) }
        if let time { object["occurred_at"] = .string(time.iso8601) }
        var input = Input(object)
        let changes = RecordChanges<Activity>.read(&input, defaultCountry: "US")
        try input.finish()
        return try await activities.create(changes, by: principal)
    }

    /// A lead as it is now, seen by the admin.
    func current(_ lead: Record<Lead>) async throws -> Record<Lead> { try await leads.get(lead.id, by: admin) }
}
