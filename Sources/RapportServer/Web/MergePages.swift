import Foundation
import HTTPTypes
import Hummingbird
import RapportCore
import RapportStore

/// Merging two records of an entity in the browser: pick the other record, compare them side by
/// side, choose the values that differ, merge; and undo a merge from the survivor's page.
struct MergePages<E: WebEntity>: Sendable {
    let store: Store
    let records: RecordStore<E>
    let pages: Pages

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get(RouterPath("\(E.path)/:id/merge")) { request, context in try await show(request, context) }
        group.post(RouterPath("\(E.path)/:id/merge")) { request, context in try await merge(request, context) }
    }

    /// The comparison of `?with=`, or the picker when no other record is named yet.
    func show(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        try principal.requireWrite()
        let survivor = try await records.get(try id(context), by: principal)
        guard survivor.deletedAt == nil else {
            return .seeOther("\(E.path)/\(survivor.id)", flash: "Deleted records cannot be merged.", kind: "error")
        }
        let params = request.uri.queryParameters
        guard let raw = params.get("with"), !raw.isEmpty else {
            return try await picker(survivor, q: params.get("q"), error: nil, context: context, request: request)
        }
        guard let otherID = Record<E>.ID(raw), otherID != survivor.id,
            let other = try? await records.get(otherID, by: principal), other.deletedAt == nil
        else {
            return try await picker(
                survivor, q: params.get("q"),
                error: "Choose another \(E.singular) to merge: that one does not exist, is deleted or is this one.",
                context: context, request: request, status: .unprocessableContent)
        }
        let view = try await comparison(survivor, other, choices: [:], errors: [], principal: principal)
        return pages.render("merge", title: view.heading, content: MergeContent(merge: view), context: context, request: request)
    }

    func merge(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let survivorID = try id(context)
        var request = request
        let form = try await request.form(limit: 1 << 16)
        guard let otherID = form["with"].flatMap(Record<E>.ID.init) else {
            return .seeOther("\(E.path)/\(survivorID)/merge", flash: "Choose the \(E.singular) to merge.", kind: "error")
        }
        var object = JSONObject()
        for (key, value) in form.sorted(by: { $0.key < $1.key }) where key.hasPrefix("field.") {
            object[String(key.dropFirst("field.".count))] = .string(value)
        }
        var choices: [String: MergeChoice] = [:]
        do {
            choices = try MergePlan.readChoices(.object(object), for: E.self)
            let outcome = try await store.merges.merge(
                survivorID, with: otherID, choices: choices,
                survivorVersion: form["survivor_version"].flatMap(Int.init) ?? 0,
                duplicateVersion: form["duplicate_version"].flatMap(Int.init) ?? 0, by: principal)
            return .seeOther(
                "\(E.path)/\(survivorID)",
                flash: "Merged \(outcome.duplicate.title) into this \(E.singular).")
        } catch let error as RapportError {
            let errors: [String]
            switch error {
            case .invalid(let issues):
                errors = issues.map { issue in
                    let name = issue.field.hasPrefix("fields.") ? String(issue.field.dropFirst("fields.".count)) : issue.field
                    return "\(E.field(name)?.label ?? name): \(issue.reason)"
                }
            case .staleVersion:
                errors = ["One of the two \(E.plural.lowercased()) changed while you were comparing them. Check the values below and merge again."]
            case .conflict(let message):
                return .seeOther("\(E.path)/\(survivorID)", flash: message, kind: "error")
            default: throw error
            }
            let survivor = try await records.get(survivorID, by: principal)
            let other = try await records.get(otherID, by: principal)
            guard survivor.deletedAt == nil, other.deletedAt == nil else {
                return .seeOther("\(E.path)/\(survivorID)", flash: errors.joined(separator: " "), kind: "error")
            }
            let view = try await comparison(survivor, other, choices: choices, errors: errors, principal: principal)
            return pages.render(
                "merge", title: view.heading, content: MergeContent(merge: view), context: context, request: request,
                status: { if case .staleVersion = error { .conflict } else { .unprocessableContent } }())
        }
    }

    // MARK: Views

    func comparison(
        _ survivor: Record<E>, _ other: Record<E>, choices: [String: MergeChoice], errors: [String], principal: Principal
    ) async throws -> MergePageView {
        let lookups = try await Lookups.load(for: [survivor, other], store: store, principal: principal)
        var rows: [MergeFieldView] = []
        let ordered = E.formSections.flatMap(\.1) + E.fields.map(\.name).filter { name in
            !E.formSections.contains { $0.1.contains(name) }
        }
        for name in ordered {
            guard let spec = E.field(name) else { continue }
            let mine = survivor.values[name]
            let theirs = other.values[name]
            if mine == nil && theirs == nil { continue }
            let chosen = choices[name] ?? MergePlan.defaultChoice(spec, survivor: mine, duplicate: theirs)
            func option(_ choice: MergeChoice, _ value: FieldValue?) -> MergeOptionView {
                MergeOptionView(
                    inputID: "merge-\(name)-\(choice.rawValue)", value: choice.rawValue, checked: chosen == choice,
                    lines: Self.lines(spec, value, lookups: lookups))
            }
            let same = mine == theirs
            rows.append(
                MergeFieldView(
                    name: "field.\(name)", label: spec.label, same: same, sameLines: Self.lines(spec, mine, lookups: lookups),
                    survivor: option(.survivor, mine), duplicate: option(.duplicate, theirs),
                    both: !same && MergePlan.isList(spec) && mine != nil && theirs != nil
                        ? MergeOptionView(
                            inputID: "merge-\(name)-both", value: "both", checked: chosen == .both, lines: ["Keep both"])
                        : nil))
        }
        // Links with the same noun (an activity's contact and its account) count together.
        var counts: [(one: String, many: String, count: Int)] = []
        for link in try await store.merges.links(to: other.id, by: principal) where link.count > 0 {
            if let i = counts.firstIndex(where: { $0.one == link.one }) {
                counts[i].count += link.count
            } else {
                counts.append((link.one, link.many, link.count))
            }
        }
        let moving = counts.map { "\($0.count) \($0.count == 1 ? $0.one : $0.many)" }
        let summary =
            moving.isEmpty
            ? "Nothing else is linked to the \(E.singular) merged in."
            : "\(Self.sentence(moving)) will move to the kept \(E.singular)."
        return MergePageView(
            heading: "Merge \(E.plural.lowercased())", singular: E.singular, action: "\(E.path)/\(survivor.id)/merge",
            backHref: "\(E.path)/\(survivor.id)",
            survivor: Self.side(survivor, lookups), duplicate: Self.side(other, lookups),
            duplicateID: other.id.description, survivorVersion: survivor.version, duplicateVersion: other.version,
            swapHref: "\(E.path)/\(other.id)/merge?with=\(survivor.id)", rows: rows,
            hasChoices: rows.contains { !$0.same }, summary: summary, errors: errors, hasErrors: !errors.isEmpty)
    }

    func picker(
        _ survivor: Record<E>, q: String?, error: String?, context: AppRequestContext, request: Request,
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let principal = try context.requirePrincipal()
        // Duplicates usually share a name, so the first suggestions are records named like this one.
        let query = String((q ?? survivor.title).prefix(200))
        var candidates: [RelatedItemView] = []
        if !query.trimmingWhitespace().isEmpty {
            let page = try await records.list(ListQuery(q: query, limit: 21), by: principal)
            let lookups = try await Lookups.load(for: page.items, store: store, principal: principal)
            candidates = page.items.filter { $0.id != survivor.id }.prefix(20).map {
                RelatedItemView(
                    title: $0.title, subtitle: E.subheading($0, lookups) ?? "",
                    href: "\(E.path)/\(survivor.id)/merge?with=\($0.id)")
            }
        }
        let view = MergePickerView(
            heading: "Merge \(survivor.title) with…", singular: E.singular, plural: E.plural.lowercased(),
            action: "\(E.path)/\(survivor.id)/merge", backHref: "\(E.path)/\(survivor.id)", q: query,
            candidates: candidates, error: error)
        return pages.render(
            "merge-pick", title: view.heading, content: MergePickerContent(picker: view), context: context,
            request: request, status: status)
    }

    /// One side's heading: records often share a name, so when and by whom each was made tells them apart.
    static func side(_ record: Record<E>, _ lookups: Lookups) -> MergeSideView {
        MergeSideView(
            title: record.title, href: "\(E.path)/\(record.id)", owner: lookups.userName(record.ownerID),
            detail: "Created \(DateText.short(record.createdAt)) by \(lookups.userName(record.createdBy))")
    }

    /// A value as lines of text: one per email, phone or tag.
    static func lines(_ spec: FieldSpec, _ value: FieldValue?, lookups: Lookups) -> [String] {
        guard let value else { return [] }
        let row = DetailSections.row(spec, value, lookups: lookups)
        return row.links.isEmpty ? [row.value] : row.links.map(\.text)
    }

    /// "3 people, 1 subsidiary and 2 relations".
    static func sentence(_ parts: [String]) -> String {
        guard parts.count > 1, let last = parts.last else { return parts.first ?? "" }
        return parts.dropLast().joined(separator: ", ") + " and " + last
    }

    func id(_ context: AppRequestContext) throws -> Record<E>.ID {
        guard let raw = context.parameters.get("id"), let id = Record<E>.ID(raw) else {
            throw RapportError.notFound(entity: E.name, id: context.parameters.get("id") ?? "")
        }
        return id
    }
}

/// Undoing a merge from the survivor's (or the merged record's) page.
struct MergeUndoPages: Sendable {
    let store: Store

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.post("/merges/:id/undo") { _, context -> Response in
            let principal = try context.requirePrincipal()
            guard let id = context.parameters.get("id").flatMap(Merge.ID.init) else {
                throw RapportError.notFound(entity: "merge", id: context.parameters.get("id") ?? "")
            }
            let merge = try await store.merges.get(id, by: principal)
            let path = merge.entity == Account.name ? Account.path : Contact.path
            let survivor = "\(path)/\(merge.survivorID.uuidString.lowercased())"
            do {
                _ = try await store.merges.undo(id, by: principal)
            } catch RapportError.conflict(let message) {
                return .seeOther(survivor, flash: message, kind: "error")
            }
            return .seeOther(survivor, flash: "Merge undone: \(merge.duplicateTitle) is back, with everything that was linked to it.")
        }
    }
}

/// The banners of a record page about merges: where a merged record went, and what was merged in
/// (with an undo button while the merge can be undone).
enum MergeBanners {
    static func load<E: WebEntity>(for record: Record<E>, store: Store, principal: Principal) async throws -> [MergeBannerView] {
        var banners: [MergeBannerView] = []
        let now = Timestamp.now()
        for merge in try await store.merges.merges(of: record.id.uuid, by: principal, limit: 20) where merge.undoneAt == nil {
            let when = DateText.short(merge.mergedAt)
            let undo = merge.canUndo(at: now) && principal.canWrite ? "/merges/\(merge.id)/undo" : nil
            if merge.duplicateID == record.id.uuid, record.deletedAt != nil {
                banners.append(
                    MergeBannerView(
                        before: "This \(E.singular) was merged into", linkText: merge.survivorTitle,
                        linkHref: "\(E.path)/\(merge.survivorID.uuidString.lowercased())", after: "(\(when)).",
                        note: undo == nil ? nil : "The merge can be undone until \(String(merge.undoUntil.iso8601.prefix(10))).",
                        undoAction: undo, mergedAway: true))
            } else if merge.survivorID == record.id.uuid, let undo {
                banners.append(
                    MergeBannerView(
                        before: "", linkText: merge.duplicateTitle,
                        linkHref: "\(E.path)/\(merge.duplicateID.uuidString.lowercased())",
                        after: "was merged into this \(E.singular) (\(when)).",
                        note: "You can undo it until \(String(merge.undoUntil.iso8601.prefix(10))).", undoAction: undo,
                        mergedAway: false))
            }
        }
        return banners
    }
}

struct MergeBannerView {
    var before: String
    var linkText: String
    var linkHref: String
    var after: String
    var note: String?
    var undoAction: String?
    var mergedAway: Bool
}

struct MergeSideView {
    var title: String
    var href: String
    var owner: String
    var detail: String
}

struct MergeOptionView {
    var inputID: String
    var value: String
    var checked: Bool
    var lines: [String]
}

struct MergeFieldView {
    /// The form field: `field.<name>`.
    var name: String
    var label: String
    var same: Bool
    var sameLines: [String]
    var survivor: MergeOptionView
    var duplicate: MergeOptionView
    var both: MergeOptionView?
}

struct MergePageView {
    var heading: String
    var singular: String
    var action: String
    var backHref: String
    var survivor: MergeSideView
    var duplicate: MergeSideView
    var duplicateID: String
    var survivorVersion: Int
    var duplicateVersion: Int
    var swapHref: String
    var rows: [MergeFieldView]
    var hasChoices: Bool
    var summary: String
    var errors: [String]
    var hasErrors: Bool
}

struct MergeContent { var merge: MergePageView }

struct MergePickerView {
    var heading: String
    var singular: String
    var plural: String
    var action: String
    var backHref: String
    var q: String
    var candidates: [RelatedItemView]
    var error: String?
}

struct MergePickerContent { var picker: MergePickerView }
