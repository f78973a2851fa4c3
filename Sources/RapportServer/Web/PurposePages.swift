import Foundation
import HTTPTypes
import Hummingbird
import RapportCore
import RapportStore

/// Settings › Purposes: the workspace's list of contact purposes (add, rename, change the quiet
/// window, retire, bring back) and the outreach frequency cap. Admins only.
struct PurposePages: Sendable {
    let store: Store
    let pages: Pages

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("/settings/purposes") { request, context -> Response in
            let principal = try Self.admin(context)
            return try await page(PurposesView.Input(), principal: principal, request: request, context: context)
        }
        group.post("/settings/purposes") { request, context -> Response in
            let principal = try Self.admin(context)
            var request = request
            let form = try await request.form(limit: 1 << 16)
            var input = PurposesView.Input(addName: form["name"] ?? "", addDays: form["quiet_days"] ?? "")
            do {
                var issues: [FieldIssue] = []
                let days = Self.whole(input.addDays, field: "quiet_days", empty: 14, issues: &issues)
                if !issues.isEmpty { throw RapportError.invalid(issues) }
                let purpose = try await store.purposes.add(name: input.addName, quietDays: days, by: principal)
                return .seeOther("/settings/purposes", flash: "Added “\(purpose.name)”.")
            } catch RapportError.invalid(let issues) {
                input.addErrors = Dictionary(issues.map { ($0.field, $0.reason) }, uniquingKeysWith: { a, _ in a })
                return try await page(input, principal: principal, request: request, context: context, status: .unprocessableContent)
            }
        }
        group.post("/settings/purposes/:id") { request, context -> Response in
            let principal = try Self.admin(context)
            let id = try Self.purposeID(context)
            var request = request
            let form = try await request.form(limit: 1 << 16)
            var input = PurposesView.Input(editing: id, editName: form["name"] ?? "", editDays: form["quiet_days"] ?? "")
            do {
                var issues: [FieldIssue] = []
                let days = Self.whole(input.editDays, field: "quiet_days", empty: nil, issues: &issues)
                if !issues.isEmpty { throw RapportError.invalid(issues) }
                let purpose = try await store.purposes.update(id, name: input.editName, quietDays: days, retired: nil, by: principal)
                return .seeOther("/settings/purposes", flash: "Saved “\(purpose.name)”.")
            } catch RapportError.invalid(let issues) {
                input.editErrors = Dictionary(issues.map { ($0.field, $0.reason) }, uniquingKeysWith: { a, _ in a })
                return try await page(input, principal: principal, request: request, context: context, status: .unprocessableContent)
            }
        }
        for (action, retired) in [("retire", true), ("restore", false)] {
            group.post(RouterPath("/settings/purposes/:id/\(action)")) { _, context -> Response in
                let principal = try Self.admin(context)
                let purpose = try await store.purposes.update(
                    try Self.purposeID(context), name: nil, quietDays: nil, retired: retired, by: principal)
                return .seeOther(
                    "/settings/purposes",
                    flash: retired
                        ? "Retired “\(purpose.name)”: old activities keep it, new ones can’t choose it."
                        : "“\(purpose.name)” is back in the list.")
            }
        }
        group.post("/settings/outreach") { request, context -> Response in
            let principal = try Self.admin(context)
            var request = request
            let form = try await request.form(limit: 1 << 16)
            var input = PurposesView.Input(capTouches: form["cap_touches"] ?? "", capDays: form["cap_days"] ?? "")
            do {
                var issues: [FieldIssue] = []
                let touches = Self.whole(input.capTouches ?? "", field: "cap_touches", empty: nil, issues: &issues)
                let days = Self.whole(input.capDays ?? "", field: "cap_days", empty: nil, issues: &issues)
                if !issues.isEmpty { throw RapportError.invalid(issues) }
                try await store.purposes.setCap(OutreachCap(touches: touches, days: days), by: principal)
                return .seeOther(
                    "/settings/purposes",
                    flash: touches == 0 ? "The frequency cap is off." : "Saved: at most \(touches) outbound contacts per person in \(days) days.")
            } catch RapportError.invalid(let issues) {
                input.capErrors = Dictionary(issues.map { ($0.field, $0.reason) }, uniquingKeysWith: { a, _ in a })
                return try await page(input, principal: principal, request: request, context: context, status: .unprocessableContent)
            }
        }
    }

    func page(
        _ input: PurposesView.Input, principal: Principal, request: Request, context: AppRequestContext,
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let purposes = try await store.purposes.all(in: principal.workspaceID)
        let cap = try await store.purposes.cap(in: principal.workspaceID)
        let view = PurposesView(purposes: purposes, cap: cap, input: input)
        return pages.render("purposes", title: "Purposes", content: view, context: context, request: request, status: status)
    }

    static func admin(_ context: AppRequestContext) throws -> Principal {
        let principal = try context.requirePrincipal()
        try PurposesAPI.requireAdmin(principal)
        return principal
    }

    static func purposeID(_ context: AppRequestContext) throws(RapportError) -> Purpose.ID {
        guard let id = context.parameters.get("id").flatMap(Purpose.ID.init) else {
            throw .notFound(entity: "purpose", id: context.parameters.get("id") ?? "")
        }
        return id
    }

    /// A whole number typed into a form; `empty` when left blank (`nil` makes blank an error).
    /// A problem is added to `issues` (and -1 returned), so several fields are reported at once.
    static func whole(_ raw: String, field: String, empty: Int?, issues: inout [FieldIssue]) -> Int {
        let text = raw.trimmingWhitespace()
        if text.isEmpty, let empty { return empty }
        guard !text.isEmpty else {
            issues.append(FieldIssue(field: field, reason: "is required"))
            return -1
        }
        guard let n = Int(text), (0...100_000).contains(n) else {
            issues.append(FieldIssue(field: field, reason: "must be a whole number"))
            return -1
        }
        return n
    }
}

/// The purposes settings page.
struct PurposesView {
    /// What was typed into a form that failed, so the page shows it again with the errors.
    struct Input {
        var addName = ""
        var addDays = ""
        var addErrors: [String: String] = [:]
        var editing: Purpose.ID?
        var editName = ""
        var editDays = ""
        var editErrors: [String: String] = [:]
        var capTouches: String?
        var capDays: String?
        var capErrors: [String: String] = [:]
    }

    struct Row {
        var id: String
        var name: String
        var quietDays: String
        var retired: Bool
        var nameError: String?
        var daysError: String?
        var updateAction: String
        var retireAction: String
        var restoreAction: String
    }

    var rows: [Row]
    var activeCount: Int
    var retiredCount: Int
    var hasRetired: Bool
    var addName: String
    var addDays: String
    var addNameError: String?
    var addDaysError: String?
    var capTouches: String
    var capDays: String
    var capTouchesError: String?
    var capDaysError: String?
    var capOff: Bool
    var hasErrors: Bool

    init(purposes: [Purpose], cap: OutreachCap, input: Input) {
        rows = purposes.map { p in
            let editing = input.editing == p.id
            return Row(
                id: p.id.description, name: editing ? input.editName : p.name,
                quietDays: editing ? input.editDays : String(p.quietDays), retired: p.retired,
                nameError: editing ? input.editErrors["name"] : nil, daysError: editing ? input.editErrors["quiet_days"] : nil,
                updateAction: "/settings/purposes/\(p.id)", retireAction: "/settings/purposes/\(p.id)/retire",
                restoreAction: "/settings/purposes/\(p.id)/restore")
        }
        activeCount = purposes.filter { !$0.retired }.count
        retiredCount = purposes.count - activeCount
        hasRetired = retiredCount > 0
        addName = input.addName
        addDays = input.addDays.isEmpty ? "14" : input.addDays
        addNameError = input.addErrors["name"]
        addDaysError = input.addErrors["quiet_days"]
        capTouches = input.capTouches ?? String(cap.touches)
        capDays = input.capDays ?? String(cap.days)
        capTouchesError = input.capErrors["cap_touches"]
        capDaysError = input.capErrors["cap_days"]
        capOff = cap.touches == 0
        hasErrors = !input.addErrors.isEmpty || !input.editErrors.isEmpty || !input.capErrors.isEmpty
    }
}
