import Foundation
import HTTPTypes
import Hummingbird
import RapportCore
import RapportStore

/// Settings › Lead SLA & assignment: the first-touch service level (hours, business hours, time
/// zone) and the ordered assignment rules, with a "try a lead" preview. Everyone may read the
/// page; admins change it.
struct LeadSettingsPages: Sendable {
    let store: Store
    let pages: Pages

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("/settings/leads") { request, context -> Response in
            let principal = try context.requirePrincipal()
            var input = LeadSettingsView.Input()
            let params = request.uri.queryParameters
            if let country = params.get("try_country") {
                input.tryValues = [
                    "country": country, "region": params.get("try_region") ?? "", "postal_code": params.get("try_postal_code") ?? "",
                    "source": params.get("try_source") ?? "",
                ]
            }
            return try await page(input, principal: principal, request: request, context: context)
        }
        group.post("/settings/leads/first-touch") { request, context -> Response in
            let principal = try PurposePages.admin(context)
            var request = request
            let form = try await request.form(limit: 1 << 16)
            var input = LeadSettingsView.Input(policyForm: form)
            do {
                let policy = try Self.policy(form)
                try await store.firstTouch.set(policy, by: principal)
                let text = policy.isOn ? "New leads must be touched within \(policy.hours) business hours." : "The first-touch SLA is off."
                return .seeOther("/settings/leads", flash: text)
            } catch RapportError.invalid(let issues) {
                input.policyErrors = SettingsInput.errors(issues)
                return try await page(input, principal: principal, request: request, context: context, status: .unprocessableContent)
            }
        }
        for (action, up) in [("up", true), ("down", false)] {
            group.post(RouterPath("/settings/leads/rules/:id/\(action)")) { _, context -> Response in
                let principal = try PurposePages.admin(context)
                _ = try await store.leadAssignment.move(try LeadAssignmentAPI.ruleID(context), up: up, by: principal)
                return .seeOther("/settings/leads#rules")
            }
        }
        group.post("/settings/leads/rules/:id/delete") { _, context -> Response in
            let principal = try PurposePages.admin(context)
            let rule = try await store.leadAssignment.rule(try LeadAssignmentAPI.ruleID(context), in: principal.workspaceID)
            try await store.leadAssignment.delete(rule.id, by: principal)
            return .seeOther("/settings/leads#rules", flash: "Removed the rule “\(rule.name)”.")
        }
        LeadRuleForm(store: store, pages: pages).addRoutes(to: group)
    }

    /// The SLA form's fields as a policy; every bad field is named.
    static func policy(_ form: [String: String]) throws -> FirstTouchPolicy {
        var issues: [FieldIssue] = []
        var hours = 0
        let hoursText = (form["hours"] ?? "").trimmingWhitespace()
        if let n = Int(hoursText), FirstTouchPolicy.hoursRange.contains(n) {
            hours = n
        } else {
            issues.append(FieldIssue(field: "hours", reason: "must be a whole number of hours from 0 to 720"))
        }
        var days: [BusinessHours.Opening?] = []
        for day in 1...7 {
            guard SettingsInput.ticked(form["day\(day)_open"]) else {
                days.append(nil)
                continue
            }
            let open = BusinessHours.minutes(form["day\(day)_from"] ?? "")
            let close = BusinessHours.minutes(form["day\(day)_to"] ?? "") ?? ((form["day\(day)_to"] ?? "") == "00:00" ? 1440 : nil)
            guard let open, let close, open < close else {
                issues.append(FieldIssue(field: "day\(day)", reason: "needs an opening time before its closing time"))
                days.append(nil)
                continue
            }
            days.append(BusinessHours.Opening(open: open, close: close))
        }
        let hoursOfWeek = BusinessHours(days: days)
        if !hoursOfWeek.isOpenAtAll && issues.allSatisfy({ !$0.field.hasPrefix("day") }) {
            issues.append(FieldIssue(field: "business_hours", reason: "open on at least one day"))
        }
        let zone = (form["time_zone"] ?? "").trimmingWhitespace()
        if TimeZone(identifier: zone) == nil { issues.append(FieldIssue(field: "time_zone", reason: "choose a time zone")) }
        if !issues.isEmpty { throw RapportError.invalid(issues) }
        return FirstTouchPolicy(hours: hours, businessHours: hoursOfWeek, timeZone: zone)
    }

    func page(
        _ input: LeadSettingsView.Input, principal: Principal, request: Request, context: AppRequestContext,
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let workspace = principal.workspaceID
        let policy = try await store.firstTouch.policy(in: workspace)
        let rules = try await store.leadAssignment.rules(in: workspace)
        let users = try await store.directory.users(in: workspace)
        let teams = try await store.directory.teams(in: workspace)
        var tried: LeadSettingsView.TryResult?
        if let values = input.tryValues {
            var fields: FieldValues = [:]
            for (key, value) in values where !value.trimmingWhitespace().isEmpty {
                fields[key] = .text(key == "country" ? value.trimmingWhitespace().uppercased() : value.trimmingWhitespace())
            }
            let match = try await store.leadAssignment.preview(fields, in: workspace)
            tried = LeadSettingsView.TryResult(
                found: match != nil, ruleName: match?.ruleName ?? "",
                ownerName: match.flatMap { m in users.first { $0.id == m.ownerID }?.name } ?? "")
        }
        let view = LeadSettingsView( canEdit: principal.role == .admin,
            policy: policy, rules: rules, users: users, teams: teams, input: input, tried: tried)
        return pages.render("settings-leads", title: "Lead SLA & assignment", content: view, context: context, request: request, status: status)
    }
}

/// The SLA and assignment settings page.
struct LeadSettingsView {
    struct Input {
        var policyForm: [String: String]?
        var policyErrors: [String: String] = [:]
        var tryValues: [String: String]?
    }

    struct DayRow {
        var day: Int
        var name: String
        var open: Bool
        var from: String
        var to: String
        var error: String?
    }

    struct RuleRow {
        var id: String
        var position: Int
        var name: String
        var conditions: String
        var assignsTo: String
        var assigned: Int
        var active: Bool
        var editHref: String
        var upAction: String?
        var downAction: String?
        var deleteAction: String
    }

    struct TryResult {
        var found: Bool
        var ruleName: String
        var ownerName: String
    }

    var canEdit: Bool
    var hours: String
    var hoursError: String?
    var businessHoursError: String?
    var timeZoneError: String?
    var days: [DayRow]
    var zones: [OptionView]
    var zoneName: String
    var policyText: String
    var policyOn: Bool
    var hasErrors: Bool
    var rules: [RuleRow]
    var hasRules: Bool
    var trySources: [OptionView]
    var tryCountry: String
    var tryRegion: String
    var tryPostalCode: String
    var tried: TryResult?

    init(
        canEdit: Bool, policy: FirstTouchPolicy, rules: [LeadAssignmentRule], users: [User], teams: [Team],
        input: Input, tried: TryResult?
    ) {
        self.canEdit = canEdit
        let form = input.policyForm
        hours = form?["hours"] ?? String(policy.hours)
        hoursError = input.policyErrors["hours"]
        businessHoursError = input.policyErrors["business_hours"]
        timeZoneError = input.policyErrors["time_zone"]
        let names = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
        days = (1...7).map { day in
            let opening = policy.businessHours.days[day - 1]
            if let form {
                return DayRow(
                    day: day, name: names[day - 1], open: SettingsInput.ticked(form["day\(day)_open"]), from: form["day\(day)_from"] ?? "",
                    to: form["day\(day)_to"] ?? "", error: input.policyErrors["day\(day)"])
            }
            return DayRow(
                day: day, name: names[day - 1], open: opening != nil, from: BusinessHours.clock(opening?.open ?? 540),
                to: opening.map { $0.close == 1440 ? "00:00" : BusinessHours.clock($0.close) } ?? "17:00", error: nil)
        }
        let zone = form?["time_zone"] ?? policy.timeZone
        zoneName = zone
        zones = TimeZone.knownTimeZoneIdentifiers.sorted().map { OptionView(value: $0, label: $0.replacingAll("_", with: " "), selected: $0 == zone) }
        if !zones.contains(where: \.selected) { zones.insert(OptionView(value: zone, label: zone, selected: true), at: 0) }
        policyOn = policy.isOn
        policyText =
            policy.isOn
            ? "New leads must be touched within \(policy.hours) business \(policy.hours == 1 ? "hour" : "hours"), counted \(Self.describe(policy.businessHours)) (\(policy.timeZone))."
            : "Off: new leads get no first-touch deadline."
        hasErrors = !input.policyErrors.isEmpty
        let userNames = Dictionary(users.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        let teamNames = Dictionary(teams.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        self.rules = rules.enumerated().map { index, rule in
            let target: String
            if let team = rule.teamID {
                target = "Round-robin in \(teamNames[team] ?? "a removed team")"
            } else if rule.userIDs.count == 1 {
                target = userNames[rule.userIDs[0]] ?? "a removed user"
            } else {
                target = "Round-robin: " + rule.userIDs.map { userNames[$0] ?? "removed user" }.joined(separator: ", ")
            }
            return RuleRow(
                id: rule.id.description, position: index + 1, name: rule.name, conditions: rule.conditionsSummary, assignsTo: target,
                assigned: rule.assigned, active: rule.active, editHref: "/settings/leads/rules/\(rule.id)",
                upAction: index > 0 ? "/settings/leads/rules/\(rule.id)/up" : nil,
                downAction: index < rules.count - 1 ? "/settings/leads/rules/\(rule.id)/down" : nil,
                deleteAction: "/settings/leads/rules/\(rule.id)/delete")
        }
        hasRules = !rules.isEmpty
        let tryValues = input.tryValues ?? [:]
        trySources = [OptionView(value: "", label: "Any source", selected: (tryValues["source"] ?? "").isEmpty)]
            + Lead.sources.map { OptionView(value: $0, label: ChoiceLabel.text($0), selected: tryValues["source"] == $0) }
        tryCountry = tryValues["country"] ?? ""
        tryRegion = tryValues["region"] ?? ""
        tryPostalCode = tryValues["postal_code"] ?? ""
        self.tried = tried
    }

    /// "Monday to Friday 09:00–17:00".
    static func describe(_ hours: BusinessHours) -> String {
        let names = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
        var parts: [String] = []
        var i = 0
        while i < 7 {
            guard let opening = hours.days[i] else {
                i += 1
                continue
            }
            var j = i
            while j + 1 < 7, hours.days[j + 1] == opening { j += 1 }
            let span = i == j ? names[i] : "\(names[i]) to \(names[j])"
            parts.append("\(span) \(BusinessHours.clock(opening.open))–\(BusinessHours.clock(opening.close))")
            i = j + 1
        }
        return parts.joined(separator: ", ")
    }
}
