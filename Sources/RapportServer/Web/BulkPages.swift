import Foundation
import Hummingbird
import RapportCore
import RapportStore

/// Changing or deleting the records ticked on a list: the list posts the ticked IDs and what to
/// do, a confirmation page shows them with the input for the new value, and applying goes through
/// the same bulk store calls as the API (each record checked like a single edit). Records that
/// could not change are listed with the reason; the others are changed.
struct BulkPages<E: WebEntity>: Sendable {
    let store: Store
    let records: RecordStore<E>
    let pages: Pages

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.post(RouterPath("\(E.path)/bulk")) { request, context in try await confirm(request, context) }
        group.post(RouterPath("\(E.path)/bulk/apply")) { request, context in try await apply(request, context) }
    }

    /// The ticked IDs: checkboxes named `ids.<id>`.
    static func ids(_ form: [String: String]) -> [Record<E>.ID] {
        form.keys.sorted().compactMap { key in
            guard key.hasPrefix("ids."), ["on", "true"].contains(form[key] ?? "") else { return nil }
            return Record<E>.ID(String(key.dropFirst(4)))
        }
    }

    func confirm(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        try principal.requireWrite()
        var request = request
        let form = try await request.form(limit: 1 << 20)
        let back = RecordPages<E>.returnPath(form) ?? E.path
        let ids = Self.ids(form)
        guard !ids.isEmpty else { return .seeOther(back, flash: "Tick the \(E.plural.lowercased()) to change first.", kind: "error") }
        guard ids.count <= RecordStore<E>.bulkLimit else {
            return .seeOther(back, flash: "At most \(RecordStore<E>.bulkLimit) \(E.plural.lowercased()) at a time.", kind: "error")
        }
        if form["action"] == "delete" {
            return try await page(ids: ids, choice: nil, value: "", error: nil, back: back, principal: principal, request, context)
        }
        guard let choice = BulkFields<E>.choice(form["field"]) else {
            return .seeOther(back, flash: "Choose what to change.", kind: "error")
        }
        return try await page(ids: ids, choice: choice, value: "", error: nil, back: back, principal: principal, request, context)
    }

    func apply(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        try principal.requireWrite()
        var request = request
        let form = try await request.form(limit: 1 << 20)
        let back = RecordPages<E>.returnPath(form) ?? E.path
        let ids = Self.ids(form)
        let outcomes: [BulkOutcome<E>]
        var choice: BulkFields<E>.Choice?
        if form["mode"] == "delete" {
            outcomes = try await records.bulkDelete(ids, by: principal)
        } else {
            guard let chosen = BulkFields<E>.choice(form["field"]) else {
                throw RapportError.invalid(field: "field", reason: "is not something a list changes in bulk")
            }
            choice = chosen
            let country = try await store.directory.defaultCountry(of: principal.workspaceID)
            let edit: BulkEdit<E>
            do {
                let body = try await BulkFields<E>.body(chosen, form: form, ids: ids, store: store, principal: principal)
                edit = try BulkEdit<E>.read(body, defaultCountry: country, lenient: true)
            } catch let error as RapportError {
                guard case .invalid(let issues) = error else { throw error }
                let valueIssues = issues.filter { $0.field.hasPrefix("set.") || $0.field.hasSuffix("_tags") || $0.field == "set" }
                guard !valueIssues.isEmpty, issues.count == valueIssues.count else { throw error }
                return try await page(
                    ids: ids, choice: chosen, value: form["value"] ?? "", error: valueIssues.map(\.reason).joined(separator: "; "),
                    back: back, principal: principal, request, context, status: .unprocessableContent)
            }
            outcomes = try await records.bulkUpdate(edit.ids, by: principal) { record in try edit.changes(for: record) }
        }
        let summary = Self.summary(outcomes, choice: choice)
        let failed = outcomes.filter { $0.status == .failed }
        guard !failed.isEmpty else { return .seeOther(back, flash: summary) }
        let titles = try await records.get(many: failed.map(\.id), by: principal)
        let names = Dictionary(titles.map { ($0.id, $0.title) }, uniquingKeysWith: { a, _ in a })
        let view = BulkPageView(
            heading: "Some \(E.plural.lowercased()) could not change", intro: summary, action: "", cancelHref: back,
            cancelLabel: "Back to the list", returnTo: back, ids: [], field: nil, mode: nil, items: [], moreText: nil, fields: [],
            submitLabel: nil, danger: false, errors: [],
            failures: failed.map { outcome in
                BulkFailureView(
                    title: names[outcome.id] ?? outcome.id.description, href: "\(E.path)/\(outcome.id)",
                    reason: outcome.error.map(Self.reason) ?? "It could not be changed.")
            })
        return pages.render("bulk", title: view.heading, content: BulkContent(bulk: view), context: context, request: request)
    }

    private func page(
        ids: [Record<E>.ID], choice: BulkFields<E>.Choice?, value: String, error: String?, back: String, principal: Principal,
        _ request: Request, _ context: AppRequestContext, status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let found = try await records.get(many: ids, by: principal).sorted { $0.title.localizedStandardCompare($1.title) == .orderedAscending }
        guard !found.isEmpty else { return .seeOther(back, flash: "None of those \(E.plural.lowercased()) can be found.", kind: "error") }
        let noun = found.count == 1 ? E.singular : E.plural.lowercased()
        let shown = found.prefix(50)
        let heading: String
        let fields: [FieldView]
        switch choice?.key {
        case nil: heading = "Delete \(found.count) \(noun)?"
        case "tags"?: heading = "Add tags to \(found.count) \(noun)"
        case "tags.remove"?: heading = "Remove tags from \(found.count) \(noun)"
        default: heading = "Change \(choice!.label.lowercased()) on \(found.count) \(noun)"
        }
        if let choice {
            fields = try await BulkFields<E>.fieldViews(choice, value: value, error: error, store: store, principal: principal)
        } else {
            fields = []
        }
        let view = BulkPageView(
            heading: heading,
            intro: choice == nil
                ? "They go to the deleted \(E.plural.lowercased()), where each can be restored."
                : "Each \(E.singular) is checked as if edited alone; any that cannot change are listed afterwards.",
            action: "\(E.path)/bulk/apply", cancelHref: back, cancelLabel: "Cancel", returnTo: back,
            ids: found.map(\.id.description), field: choice?.key, mode: choice == nil ? "delete" : "edit",
            items: shown.map { BulkItemView(title: $0.title, href: "\(E.path)/\($0.id)") },
            moreText: found.count > shown.count ? "and \(found.count - shown.count) more" : nil, fields: fields,
            submitLabel: choice == nil ? "Delete \(found.count) \(noun)" : "Apply to \(found.count) \(noun)",
            danger: choice == nil,
            errors: error.map { [ErrorItemView(field: "value", label: choice?.label ?? "Value", reason: $0)] } ?? [], failures: [])
        return pages.render("bulk", title: heading, content: BulkContent(bulk: view), context: context, request: request, status: status)
    }

    /// "Owner changed on 10 deals; 2 already had it; 1 could not change."
    static func summary(_ outcomes: [BulkOutcome<E>], choice: BulkFields<E>.Choice?) -> String {
        func count(_ n: Int) -> String { "\(n) \(n == 1 ? E.singular : E.plural.lowercased())" }
        let updated = outcomes.count { $0.status == .updated }
        let unchanged = outcomes.count { $0.status == .unchanged }
        let deleted = outcomes.count { $0.status == .deleted }
        let failed = outcomes.count { $0.status == .failed }
        var parts: [String] = []
        if let choice {
            let what = choice.key.hasPrefix("tags") ? "Tags changed" : "\(choice.label) changed"
            parts.append("\(what) on \(count(updated))")
            if unchanged > 0 { parts.append("\(count(unchanged)) already had it") }
        } else {
            parts.append("Deleted \(count(deleted)); restore them from Show deleted")
        }
        if failed > 0 { parts.append("\(count(failed)) could not change") }
        return parts.joined(separator: "; ") + "."
    }

    /// A problem in a sentence: each field's reason with its label.
    static func reason(_ error: RapportError) -> String {
        let issues = error.fieldIssues
        guard !issues.isEmpty else { return Problem(error).detail ?? Problem(error).title }
        return issues.map { issue in
            let base = String(issue.field.prefix { $0 != "[" && $0 != "." })
            return "\(E.field(base)?.label ?? base.replacingOccurrences(of: "_", with: " ").capitalized) \(issue.reason)"
        }.joined(separator: "; ")
    }
}

struct BulkContent { var bulk: BulkPageView }

struct BulkPageView {
    var heading: String
    var intro: String
    var action: String
    var cancelHref: String
    var cancelLabel: String
    var returnTo: String
    var ids: [String]
    var field: String?
    var mode: String?
    var items: [BulkItemView]
    var moreText: String?
    var fields: [FieldView]
    var submitLabel: String?
    var danger: Bool
    var errors: [ErrorItemView]
    var failures: [BulkFailureView]
}

struct BulkItemView {
    var title: String
    var href: String
}

struct BulkFailureView {
    var title: String
    var href: String
    var reason: String
}

/// The bulk bar above a list: what can be changed for the ticked rows.
struct BulkBarView {
    var action: String
    var returnTo: String
    var fields: [OptionView]
}
