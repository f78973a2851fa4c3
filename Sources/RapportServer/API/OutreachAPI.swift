import Foundation
import HTTPTypes
import Hummingbird
import RapportCore
import RapportStore

/// The outreach guard over the API: "may I contact this person about this now?" before anyone
/// picks up the phone, and the report of where people went ahead despite its warning.
struct OutreachAPI: Sendable {
    let store: Store

    static let channels = ["call", "meeting", "email"]

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("/api/v1/outreach/check") { request, context in try await check(request, context) }
        group.get("/api/v1/reports/outreach-overrides") { request, context in try await overrides(request, context) }
    }

    func check(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let params = request.uri.queryParameters
        var issues: [FieldIssue] = []
        func uuid(_ name: String, required: Bool) -> UUID? {
            guard let raw = params.get(name)?.trimmingWhitespace(), !raw.isEmpty else {
                if required { issues.append(FieldIssue(field: name, reason: "is required")) }
                return nil
            }
            guard let id = UUID(uuidString: raw) else {
                issues.append(FieldIssue(field: name, reason: "must be an ID"))
                return nil
            }
            return id
        }
        let contactID = uuid("contact_id", required: true)
        let purposeID = uuid("purpose_id", required: false)
        let channel = params.get("channel")?.trimmingWhitespace().lowercased() ?? ""
        if channel.isEmpty {
            issues.append(FieldIssue(field: "channel", reason: "is required"))
        } else if !Self.channels.contains(channel) {
            issues.append(FieldIssue(field: "channel", reason: "must be one of: \(Self.channels.joined(separator: ", "))"))
        }
        var at = Timestamp.now()
        if let raw = params.get("at")?.trimmingWhitespace(), !raw.isEmpty {
            if let time = Self.time(raw) { at = time } else {
                issues.append(FieldIssue(field: "at", reason: "must be a date and time in RFC 3339 with an offset"))
            }
        }
        if !issues.isEmpty { throw RapportError.invalid(issues) }
        guard let contactID else { throw RapportError.invalid(field: "contact_id", reason: "is required") }
        do {
            _ = try await store.contacts.get(Record<Contact>.ID(contactID), by: principal)
        } catch RapportError.notFound {
            throw RapportError.invalid(field: "contact_id", reason: "does not name a contact you can see")
        }
        if let purposeID, try await !store.purposes.all(in: principal.workspaceID).contains(where: { $0.id.uuid == purposeID }) {
            throw RapportError.invalid(field: "purpose_id", reason: "does not name a purpose")
        }
        let conflicts = try await store.outreach.check(
            OutreachRequest(
                contactID: contactID, accountID: nil, purposeID: purposeID, channel: channel, outbound: true, at: at,
                userID: principal.userID, teamID: principal.teamID),
            by: principal)
        return .json(.object(JSONObject(["allowed": .bool(conflicts.isEmpty), "conflicts": .array(conflicts.map(\.json))])))
    }

    /// RFC 3339; a `+` offset that arrived unencoded in a query string reads as a space.
    static func time(_ raw: String) -> Timestamp? {
        if let time = Timestamp.parse(raw) { return time }
        guard raw.count > 19, let space = raw.lastIndex(of: " "), raw.distance(from: raw.startIndex, to: space) > 10 else {
            return nil
        }
        return Timestamp.parse(raw.replacingCharacters(in: space...space, with: "+"))
    }

    func overrides(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        try Self.requireReports(principal)
        let days = try Self.days(request.uri.queryParameters.get("days"))
        let to = Timestamp.now()
        let from = to.adding(seconds: -Int64(days) * 86_400)
        let report = try await OverrideReport.load(store.db, from: from, to: to, by: principal)
        let groups: [JSONValue] = report.groups.map { group in
            .object(
                JSONObject([
                    "team_id": .string(group.teamID?.uuidString.lowercased()), "team": .string(group.teamName),
                    "purpose_id": .string(group.purposeID?.uuidString.lowercased()), "purpose": .string(group.purposeName),
                    "count": .int(Int64(group.count)),
                ]))
        }
        let recent: [JSONValue] = report.recent.map { row in
            .object(
                JSONObject([
                    "activity_id": .string(row.activity.id.description),
                    "at": .string((row.activity["occurred_at"]?.time ?? row.activity.createdAt).iso8601),
                    "user": .string(row.userName), "team": .string(row.teamName),
                    "contact_id": .string(row.activity["contact_id"]?.uuid?.uuidString.lowercased()),
                    "contact": .string(row.contactName), "purpose": .string(row.purposeName),
                    "reason": .string(row.activity["override_reason"]?.text),
                ]))
        }
        return .json(
            .object(
                JSONObject([
                    "days": .int(Int64(days)), "from": .string(from.iso8601), "to": .string(to.iso8601),
                    "groups": .array(groups), "recent": .array(recent),
                ])))
    }

    /// The report's period: whole days back from now, 30 unless asked.
    static func days(_ raw: String?) throws(RapportError) -> Int {
        guard let raw = raw?.trimmingWhitespace(), !raw.isEmpty else { return 30 }
        guard let days = Int(raw), (1...365).contains(days) else {
            throw .invalid(field: "days", reason: "must be a whole number from 1 to 365")
        }
        return days
    }

    /// Reports compare teams, which is a manager's view.
    static func requireReports(_ principal: Principal) throws(RapportError) {
        guard principal.role >= .manager else { throw .forbidden("Only managers and admins see reports.") }
    }
}
