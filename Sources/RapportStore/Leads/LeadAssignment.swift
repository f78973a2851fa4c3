import Foundation
import RapportCore
import SQLKit

/// Who a new lead goes to, by the workspace's ordered assignment rules; and the rules themselves
/// (everyone reads them, admins change them).
///
/// `assign(_:workspace:on:)` is the one function every way of creating leads goes through: the
/// lead derivation calls it for a lead created without an owner, and a bulk importer may call it
/// per row inside its own transaction.
public struct LeadAssignment: Sendable {
    let db: Database

    public init(_ db: Database) { self.db = db }

    /// The outcome for one lead: the owner, the team that comes with them, and the rule that decided.
    public struct Assignment: Sendable, Equatable {
        public var ownerID: User.ID
        public var teamID: Team.ID?
        public var ruleID: LeadAssignmentRule.ID
        public var ruleName: String
    }

    /// Picks the owner of a new lead with these values and takes the rule's round-robin turn. The
    /// first active rule whose conditions hold and that has someone to assign to wins (a rule whose
    /// people have all left is passed over). The turn is taken with `UPDATE … RETURNING` inside the
    /// caller's transaction, so two server instances on one PostgreSQL never hand out the same turn,
    /// and a write that fails gives its turn back. Nil when no rule applies.
    public static func assign(_ values: FieldValues, workspace: Workspace.ID, on sql: any SQLDatabase) async throws -> Assignment? {
        try await assign(values, rules: try await rules(workspace, on: sql), workspace: workspace, on: sql)
    }

    /// `assign` with the rules already loaded (a batch loads them once).
    public static func assign(_ values: FieldValues, rules: [LeadAssignmentRule], workspace: Workspace.ID, on sql: any SQLDatabase)
        async throws -> Assignment?
    {
        for rule in rules.sorted(by: { ($0.position, $0.id) < ($1.position, $1.id) }) where rule.matches(values) {
            let members = try await members(of: rule, workspace: workspace, on: sql)
            guard !members.isEmpty else { continue }
            guard
                let row = try await sql.raw(
                    """
                    UPDATE lead_assignment_rules SET assigned = assigned + 1
                    WHERE id = \(bind: rule.id.uuid) AND workspace_id = \(bind: workspace.uuid) RETURNING assigned
                    """
                ).first()
            else { continue }
            let turn = try row.decode(column: "assigned", as: Int.self) - 1
            guard let owner = LeadAssignmentRule.pick(members.map(\.0), assigned: turn) else { continue }
            let team = rule.teamID ?? members.first { $0.0 == owner }?.1
            return Assignment(ownerID: owner, teamID: team, ruleID: rule.id, ruleName: rule.name)
        }
        return nil
    }

    /// Which rule would take a lead and who would get it, without taking the turn (the settings
    /// page's "try a lead").
    public func preview(_ values: FieldValues, in workspace: Workspace.ID) async throws -> Assignment? {
        try await db.read { sql in
            for rule in try await Self.rules(workspace, on: sql) where rule.matches(values) {
                let members = try await Self.members(of: rule, workspace: workspace, on: sql)
                guard let owner = LeadAssignmentRule.pick(members.map(\.0), assigned: rule.assigned) else { continue }
                return Assignment(
                    ownerID: owner, teamID: rule.teamID ?? members.first { $0.0 == owner }?.1, ruleID: rule.id, ruleName: rule.name)
            }
            return nil
        }
    }

    /// The people a rule hands leads to, in turn order, with their teams: the listed people who are
    /// still active, or the team's active members who may work leads (not viewers), oldest first.
    static func members(of rule: LeadAssignmentRule, workspace: Workspace.ID, on sql: any SQLDatabase) async throws
        -> [(User.ID, Team.ID?)]
    {
        if let team = rule.teamID {
            return try await sql.raw(
                """
                SELECT id, team_id FROM users
                WHERE workspace_id = \(bind: workspace.uuid) AND team_id = \(bind: team.uuid) AND active = \(bind: true)
                  AND role <> 'viewer'
                ORDER BY created_at, id
                """
            ).all().map {
                (User.ID(try $0.decode(column: "id", as: UUID.self)), try $0.decode(column: "team_id", as: UUID?.self).map(Team.ID.init))
            }
        }
        guard !rule.userIDs.isEmpty else { return [] }
        let binds: [any Encodable & Sendable] = rule.userIDs.map(\.uuid)
        var found: [User.ID: Team.ID?] = [:]
        for row in try await sql.raw(
            """
            SELECT id, team_id FROM users
            WHERE workspace_id = \(bind: workspace.uuid) AND id IN (\(binds: binds)) AND active = \(bind: true) AND role <> 'viewer'
            """
        ).all() {
            // `updateValue`: assigning a nil team through the subscript would drop a person without a team.
            let team = try row.decode(column: "team_id", as: UUID?.self).map(Team.ID.init)
            found.updateValue(team, forKey: User.ID(try row.decode(column: "id", as: UUID.self)))
        }
        return rule.userIDs.compactMap { id in found[id].map { (id, $0) } }
    }

    // MARK: The rules

    /// The workspace's rules in order.
    public func rules(in workspace: Workspace.ID) async throws -> [LeadAssignmentRule] {
        try await db.read { sql in try await Self.rules(workspace, on: sql) }
    }

    public func rule(_ id: LeadAssignmentRule.ID, in workspace: Workspace.ID) async throws -> LeadAssignmentRule {
        guard let rule = try await rules(in: workspace).first(where: { $0.id == id }) else {
            throw RapportError.notFound(entity: "assignment rule", id: id.description)
        }
        return rule
    }

    static func rules(_ workspace: Workspace.ID, on sql: any SQLDatabase) async throws -> [LeadAssignmentRule] {
        try await sql.raw(
            """
            SELECT id, name, position, active, countries, regions, postal_prefixes, sources, team_id, user_ids, assigned
            FROM lead_assignment_rules WHERE workspace_id = \(bind: workspace.uuid) ORDER BY position, id
            """
        ).all().map { row in
            LeadAssignmentRule(
                id: .init(try row.decode(column: "id", as: UUID.self)), name: try row.decode(column: "name", as: String.self),
                position: try row.decode(column: "position", as: Int.self), active: try row.decode(column: "active", as: Bool.self),
                countries: lines(try row.decode(column: "countries", as: String.self)),
                regions: lines(try row.decode(column: "regions", as: String.self)),
                postalPrefixes: lines(try row.decode(column: "postal_prefixes", as: String.self)),
                sources: lines(try row.decode(column: "sources", as: String.self)),
                teamID: try row.decode(column: "team_id", as: UUID?.self).map(Team.ID.init),
                userIDs: lines(try row.decode(column: "user_ids", as: String.self)).compactMap(User.ID.init),
                assigned: try row.decode(column: "assigned", as: Int.self))
        }
    }

    static func lines(_ text: String) -> [String] { text.split(separator: "\n").map(String.init) }

    /// Adds a rule at the bottom (admins).
    public func create(_ rule: LeadAssignmentRule, by principal: Principal) async throws -> LeadAssignmentRule {
        try principal.requireAdmin()
        let draft = Self.normalized(rule)
        try draft.validate()
        return try await db.write { sql in
            var rule = draft
            try await Self.checkPeople(rule, workspace: principal.workspaceID, on: sql)
            let last = try await sql.raw(
                "SELECT MAX(position) AS p FROM lead_assignment_rules WHERE workspace_id = \(bind: principal.workspaceID.uuid)"
            ).first()?.decode(column: "p", as: Int?.self)
            rule.position = (last ?? -1) + 1
            rule.assigned = 0
            let now = Timestamp.now().micros
            try await sql.raw(
                """
                INSERT INTO lead_assignment_rules
                    (id, workspace_id, name, position, active, countries, regions, postal_prefixes, sources, team_id, user_ids,
                     assigned, created_at, updated_at)
                VALUES (\(bind: rule.id.uuid), \(bind: principal.workspaceID.uuid), \(bind: rule.name), \(bind: rule.position),
                    \(bind: rule.active), \(bind: rule.countries.joined(separator: "\n")), \(bind: rule.regions.joined(separator: "\n")),
                    \(bind: rule.postalPrefixes.joined(separator: "\n")), \(bind: rule.sources.joined(separator: "\n")),
                    \(bind: rule.teamID?.uuid), \(bind: rule.userIDs.map(\.description).joined(separator: "\n")), 0, \(bind: now), \(bind: now))
                """
            ).run()
            return rule
        }
    }

    /// Replaces a rule's conditions and people (admins); its place and round-robin turn stay.
    public func update(_ rule: LeadAssignmentRule, by principal: Principal) async throws -> LeadAssignmentRule {
        try principal.requireAdmin()
        let current = try await self.rule(rule.id, in: principal.workspaceID)
        var rule = Self.normalized(rule)
        rule.position = current.position
        rule.assigned = current.assigned
        try rule.validate()
        let updated = rule
        try await db.write { sql in
            try await Self.checkPeople(updated, workspace: principal.workspaceID, on: sql)
            try await sql.raw(
                """
                UPDATE lead_assignment_rules SET name = \(bind: updated.name), active = \(bind: updated.active),
                    countries = \(bind: updated.countries.joined(separator: "\n")), regions = \(bind: updated.regions.joined(separator: "\n")),
                    postal_prefixes = \(bind: updated.postalPrefixes.joined(separator: "\n")),
                    sources = \(bind: updated.sources.joined(separator: "\n")), team_id = \(bind: updated.teamID?.uuid),
                    user_ids = \(bind: updated.userIDs.map(\.description).joined(separator: "\n")),
                    updated_at = \(bind: Timestamp.now().micros)
                WHERE id = \(bind: updated.id.uuid) AND workspace_id = \(bind: principal.workspaceID.uuid)
                """
            ).run()
        }
        return updated
    }

    /// Removes a rule (admins); leads it assigned keep their owners.
    public func delete(_ id: LeadAssignmentRule.ID, by principal: Principal) async throws {
        try principal.requireAdmin()
        _ = try await rule(id, in: principal.workspaceID)
        try await db.write { sql in
            try await sql.raw(
                "DELETE FROM lead_assignment_rules WHERE id = \(bind: id.uuid) AND workspace_id = \(bind: principal.workspaceID.uuid)"
            ).run()
        }
    }

    /// Moves a rule one place up or down (admins); returns the rules in their new order.
    public func move(_ id: LeadAssignmentRule.ID, up: Bool, by principal: Principal) async throws -> [LeadAssignmentRule] {
        try principal.requireAdmin()
        let workspace = principal.workspaceID
        return try await db.write { sql in
            var rules = try await Self.rules(workspace, on: sql)
            guard let index = rules.firstIndex(where: { $0.id == id }) else {
                throw RapportError.notFound(entity: "assignment rule", id: id.description)
            }
            let other = up ? index - 1 : index + 1
            guard rules.indices.contains(other) else { return rules }
            rules.swapAt(index, other)
            for (position, rule) in rules.enumerated() where rule.position != position {
                try await sql.raw(
                    "UPDATE lead_assignment_rules SET position = \(bind: position) WHERE id = \(bind: rule.id.uuid) AND workspace_id = \(bind: workspace.uuid)"
                ).run()
            }
            return try await Self.rules(workspace, on: sql)
        }
    }

    /// Country codes upper case, lists trimmed and without repeats.
    static func normalized(_ rule: LeadAssignmentRule) -> LeadAssignmentRule {
        func clean(_ list: [String], upper: Bool = false) -> [String] {
            var seen: Set<String> = []
            return list.map { $0.trimmingWhitespace() }.map { upper ? $0.uppercased() : $0 }.filter { !$0.isEmpty && seen.insert($0).inserted }
        }
        var rule = rule
        rule.name = rule.name.trimmingWhitespace()
        rule.countries = clean(rule.countries, upper: true)
        rule.regions = clean(rule.regions)
        rule.postalPrefixes = clean(rule.postalPrefixes)
        rule.sources = clean(rule.sources)
        return rule
    }

    /// The team and people must belong to the workspace.
    static func checkPeople(_ rule: LeadAssignmentRule, workspace: Workspace.ID, on sql: any SQLDatabase) async throws {
        if let team = rule.teamID {
            let row = try await sql.raw(
                "SELECT id FROM teams WHERE id = \(bind: team.uuid) AND workspace_id = \(bind: workspace.uuid)"
            ).first()
            if row == nil { throw RapportError.invalid(field: "team_id", reason: "must be a team of this workspace") }
        }
        var issues: [FieldIssue] = []
        for (i, user) in rule.userIDs.enumerated() {
            let row = try await sql.raw(
                "SELECT active FROM users WHERE id = \(bind: user.uuid) AND workspace_id = \(bind: workspace.uuid)"
            ).first()
            if try row?.decode(column: "active", as: Bool.self) != true {
                issues.append(FieldIssue(field: "user_ids[\(i)]", reason: "must be an active user of this workspace"))
            }
        }
        if !issues.isEmpty { throw RapportError.invalid(issues) }
    }
}
