import Foundation
import HTTPTypes
import Hummingbird
import RapportCore
import RapportStore

/// Lead assignment rules and the first-touch SLA over the API (everyone reads, admins change),
/// and the list of first-touch breaches.
struct LeadAssignmentAPI: Sendable {
    let store: Store
    let maxBodyBytes: Int

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("/api/v1/lead-assignment-rules") { _, context -> Response in
            let principal = try context.requirePrincipal()
            let rules = try await store.leadAssignment.rules(in: principal.workspaceID)
            return .json(.object(JSONObject(["data": .array(rules.map(LeadAutomationJSON.assignmentRule))])))
        }
        group.post("/api/v1/lead-assignment-rules") { request, context -> Response in
            let principal = try context.requirePrincipal()
            try LeadScoringAPI.requireAdmin(principal)
            var request = request
            var input = Input(try await request.jsonObject(limit: maxBodyBytes))
            let rule = try Self.read(&input, onto: nil)
            let created = try await store.leadAssignment.create(rule, by: principal)
            return .json(
                LeadAutomationJSON.assignmentRule(created), status: .created,
                headers: [.location: "/api/v1/lead-assignment-rules/\(created.id)"])
        }
        group.post("/api/v1/lead-assignment-rules/preview") { request, context -> Response in
            let principal = try context.requirePrincipal()
            var request = request
            var input = Input(try await request.jsonObject(limit: maxBodyBytes))
            var values: FieldValues = [:]
            for key in ["region", "postal_code"] {
                if case .set(let text?) = input.text(key, max: key == "region" ? 100 : 20) { values[key] = .text(text) }
            }
            if case .set(let text?) = input.text("country", max: 2) { values["country"] = .text(text.uppercased()) }
            if case .set(let text?) = input.text("source", max: 40) {
                if Lead.sources.contains(text) { values["source"] = .text(text) } else {
                    input.fail("source", "must be one of: \(Lead.sources.joined(separator: ", "))")
                }
            }
            try input.finish()
            let match = try await store.leadAssignment.preview(values, in: principal.workspaceID)
            let json: JSONValue =
                match.map {
                    .object(
                        JSONObject([
                            "rule_id": .string($0.ruleID.description), "rule_name": .string($0.ruleName),
                            "owner_id": .string($0.ownerID.description), "team_id": .string($0.teamID?.description),
                        ]))
                } ?? .null
            return .json(.object(JSONObject(["match": json])))
        }
        group.patch("/api/v1/lead-assignment-rules/:id") { request, context -> Response in
            let principal = try context.requirePrincipal()
            try LeadScoringAPI.requireAdmin(principal)
            let current = try await store.leadAssignment.rule(try Self.ruleID(context), in: principal.workspaceID)
            var request = request
            var input = Input(try await request.jsonObject(limit: maxBodyBytes))
            let rule = try Self.read(&input, onto: current)
            return .json(LeadAutomationJSON.assignmentRule(try await store.leadAssignment.update(rule, by: principal)))
        }
        group.delete("/api/v1/lead-assignment-rules/:id") { _, context -> Response in
            let principal = try context.requirePrincipal()
            try LeadScoringAPI.requireAdmin(principal)
            try await store.leadAssignment.delete(try Self.ruleID(context), by: principal)
            return Response(status: .noContent)
        }
        group.post("/api/v1/lead-assignment-rules/:id/move") { request, context -> Response in
            let principal = try context.requirePrincipal()
            try LeadScoringAPI.requireAdmin(principal)
            let id = try Self.ruleID(context)
            var request = request
            var input = Input(try await request.jsonObject(limit: maxBodyBytes))
            let direction = input.text("direction", max: 4)
            try input.finish()
            guard case .set(let text?) = direction, ["up", "down"].contains(text) else {
                throw RapportError.invalid(field: "direction", reason: "must be up or down")
            }
            let rules = try await store.leadAssignment.move(id, up: text == "up", by: principal)
            return .json(.object(JSONObject(["data": .array(rules.map(LeadAutomationJSON.assignmentRule))])))
        }

        group.get("/api/v1/settings/lead-first-touch") { _, context -> Response in
            let principal = try context.requirePrincipal()
            return .json(LeadAutomationJSON.policy(try await store.firstTouch.policy(in: principal.workspaceID)))
        }
        group.put("/api/v1/settings/lead-first-touch") { request, context -> Response in
            let principal = try context.requirePrincipal()
            try LeadScoringAPI.requireAdmin(principal)
            var request = request
            var input = Input(try await request.jsonObject(limit: maxBodyBytes))
            let hours = input.int("hours", in: Int64(FirstTouchPolicy.hoursRange.lowerBound)...Int64(FirstTouchPolicy.hoursRange.upperBound))
            let text = input.text("business_hours", max: 200)
            let zone = input.text("time_zone", max: 64)
            for (key, present) in [("hours", hours.value != nil), ("business_hours", text.value != nil), ("time_zone", zone.value != nil)]
            where !present && input.object[key] == nil {
                input.fail(key, "is required")
            }
            var businessHours: BusinessHours?
            if case .set(let raw) = text {
                switch Result(catching: { () throws(RapportError) in try BusinessHours(parsing: raw ?? "") }) {
                case .success(let parsed): businessHours = parsed
                case .failure(let error): for issue in error.fieldIssues { input.fail(issue.field, issue.reason) }
                }
            }
            if case .set(nil) = hours { input.fail("hours", "is required") }
            if case .set(nil) = zone { input.fail("time_zone", "is required") }
            try input.finish()
            guard case .set(let h?) = hours, let businessHours, case .set(let z?) = zone else {
                throw RapportError.malformed("Send hours, business_hours and time_zone.")
            }
            let policy = FirstTouchPolicy(hours: Int(h), businessHours: businessHours, timeZone: z)
            try await store.firstTouch.set(policy, by: principal)
            return .json(LeadAutomationJSON.policy(policy))
        }

        group.get("/api/v1/leads/first-touch-breaches") { request, context -> Response in
            let principal = try context.requirePrincipal()
            let filter = try Self.breachFilter(request.uri.queryParameters)
            let report = try await store.firstTouchBreaches.report(filter, by: principal)
            let users = Dictionary(try await store.directory.users(in: principal.workspaceID).map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
            let teams = Dictionary(try await store.directory.teams(in: principal.workspaceID).map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
            return .json(
                .object(
                    JSONObject([
                        "overdue_count": .int(Int64(report.overdueCount)), "late_count": .int(Int64(report.lateCount)),
                        "since": .string(filter.since.iso8601),
                        "tallies": .array(
                            report.tallies.map { t in
                                .object(
                                    JSONObject([
                                        "owner_id": .string(t.ownerID?.description), "owner_name": .string(t.ownerID.flatMap { users[$0] }),
                                        "team_id": .string(t.teamID?.description), "team_name": .string(t.teamID.flatMap { teams[$0] }),
                                        "overdue": .int(Int64(t.overdue)), "late": .int(Int64(t.late)), "on_time": .int(Int64(t.onTime)),
                                    ]))
                            }),
                        "data": .array(
                            report.rows.map { row in
                                .object(
                                    JSONObject([
                                        "kind": .string(row.kind.rawValue), "due_at": .string(row.dueAt.iso8601),
                                        "touched_at": .string(row.touchedAt?.iso8601), "lead": .object(row.lead.json()),
                                    ]))
                            }),
                    ])))
        }
    }

    /// `kind`, `owner_id`, `team_id`, `since` (date-time; 30 days back by default), `limit`.
    static func breachFilter(_ params: Hummingbird.Parameters) throws -> FirstTouchBreaches.Filter {
        var filter = FirstTouchBreaches.Filter(since: Timestamp.now().adding(seconds: -30 * 86_400))
        var issues: [FieldIssue] = []
        if let raw = params.get("kind"), !raw.isEmpty {
            if let kind = FirstTouchBreaches.Kind(rawValue: raw) { filter.kind = kind } else {
                issues.append(FieldIssue(field: "kind", reason: "must be overdue or late"))
            }
        }
        if let raw = params.get("owner_id"), !raw.isEmpty {
            if let id = User.ID(raw) { filter.ownerID = id } else { issues.append(FieldIssue(field: "owner_id", reason: "must be an ID")) }
        }
        if let raw = params.get("team_id"), !raw.isEmpty {
            if let id = Team.ID(raw) { filter.teamID = id } else { issues.append(FieldIssue(field: "team_id", reason: "must be an ID")) }
        }
        if let raw = params.get("since"), !raw.isEmpty {
            if let time = Timestamp.parse(raw) { filter.since = time } else {
                issues.append(FieldIssue(field: "since", reason: "must be a date-time such as 2026-11-01T00:00:00Z"))
            }
        }
        if let raw = params.get("limit"), !raw.isEmpty {
            if let n = Int(raw), (1...500).contains(n) { filter.limit = n } else {
                issues.append(FieldIssue(field: "limit", reason: "must be from 1 to 500"))
            }
        }
        if !issues.isEmpty { throw RapportError.invalid(issues) }
        return filter
    }

    /// Reads a rule: every member for a new one, any of them over `current`.
    static func read(_ input: inout Input, onto current: LeadAssignmentRule?) throws -> LeadAssignmentRule {
        var rule = current ?? LeadAssignmentRule(id: .make(), name: "")
        switch input.text("name", max: 100) {
        case .set(let name?): rule.name = name
        case .set(nil): input.fail("name", "is required")
        case .keep: if current == nil { input.fail("name", "is required") }
        }
        if case .set(let active) = input.bool("active") { rule.active = active }
        if let list = LeadAutomationJSON.strings(&input, "countries", max: 200, itemMax: 2) { rule.countries = list }
        if let list = LeadAutomationJSON.strings(&input, "regions", max: 200) { rule.regions = list }
        if let list = LeadAutomationJSON.strings(&input, "postal_prefixes", max: 200, itemMax: 20) { rule.postalPrefixes = list }
        if let list = LeadAutomationJSON.strings(&input, "sources", max: 20, itemMax: 40) { rule.sources = list }
        if case .set(let team) = input.id("team_id", Team.ID.self) { rule.teamID = team }
        if let list = LeadAutomationJSON.strings(&input, "user_ids", max: 100, itemMax: 36) {
            var ids: [User.ID] = []
            for (i, raw) in list.enumerated() {
                if let id = User.ID(raw) { ids.append(id) } else { input.fail("user_ids[\(i)]", "must be an ID") }
            }
            rule.userIDs = ids
        }
        try input.finish()
        return rule
    }

    static func ruleID(_ context: AppRequestContext) throws(RapportError) -> LeadAssignmentRule.ID {
        guard let id = context.parameters.get("id").flatMap(LeadAssignmentRule.ID.init) else {
            throw .notFound(entity: "assignment rule", id: context.parameters.get("id") ?? "")
        }
        return id
    }
}
