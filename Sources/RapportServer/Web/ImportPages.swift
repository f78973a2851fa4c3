import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import RapportCore
import RapportStore

/// The CSV import pages: upload a file, check and change how its columns map, preview the first
/// rows, dry-run or run it, follow its progress, see what it did (and download the rows it left
/// out), revert it. Each step works without JavaScript; `import.js` keeps the progress bar moving.
struct ImportPages: Sendable {
    let store: Store
    let pages: Pages
    let uploads: ImportUploads

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("/imports") { request, context in try await list(request, context) }
        group.get("/imports/new") { request, context in try await newForm(request, context) }
        group.post(RouterPath(ImportUploads.webPath)) { request, context in try await upload(request, context) }
        group.get("/imports/:id") { request, context in try await show(request, context) }
        group.post("/imports/:id") { request, context in try await change(request, context) }
        group.get("/imports/:id/progress.json") { _, context in try await progress(context) }
        group.get("/imports/:id/rejected.csv") { request, context in
            try await ImportsAPI.rejectedCSV(store: store, id: try id(context), request: request, principal: try context.requirePrincipal())
        }
        for (path, step) in [("cancel", Act.cancel), ("revert", .revert), ("resume", .resume), ("discard", .discard)] {
            group.post(RouterPath("/imports/:id/\(path)")) { _, context in try await perform(step, context) }
        }
    }

    // MARK: Upload

    func newForm(_ request: Request, _ context: AppRequestContext, error: String? = nil, status: HTTPResponse.Status = .ok) async throws
        -> Response
    {
        try context.requirePrincipal().requireWrite()
        let chosen = request.uri.queryParameters.get("entity")
        let view = ImportNewView(
            entities: store.imports.kinds.map { OptionView(value: $0.table, label: $0.label, selected: $0.table == chosen) },
            maxSize: ImportText.bytes(uploads.maxBytes), error: error)
        return pages.render("import-new", title: "Import a CSV file", content: ImportNewContent(page: view), context: context, request: request, status: status)
    }

    func upload(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        try principal.requireWrite()
        guard let boundary = request.multipartBoundary, let session = context.session else {
            throw RapportError.malformed("Send the file with the import form.")
        }
        let form = try await uploads.saveForm(request, boundary: boundary, csrf: session.csrf)
        guard let path = form.path, form.bytes > 0 else {
            if let path = form.path { try? FileManager.default.removeItem(atPath: path) }
            return try await newForm(request, context, error: "Choose a CSV file to import.", status: .unprocessableContent)
        }
        guard let kind = store.imports.kind(form.fields["entity"] ?? "") else {
            try? FileManager.default.removeItem(atPath: path)
            return try await newForm(request, context, error: "Choose what the rows are.", status: .unprocessableContent)
        }
        do {
            let batch = try await store.imports.createDraft(
                kind, path: path, fileName: form.fileName ?? "upload.csv", ownsFile: true, by: principal)
            return .seeOther("/imports/\(batch.id)")
        } catch RapportError.invalid(let issues) {
            try? FileManager.default.removeItem(atPath: path)
            let reason = issues.first?.reason ?? "cannot be read"
            return try await newForm(
                request, context, error: "“\(form.fileName ?? "The file")” \(reason).", status: .unprocessableContent)
        }
    }

    // MARK: List

    func list(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let cursor = request.uri.queryParameters.get("cursor")
        let page = try await store.imports.list(cursor: cursor, limit: 50, by: principal)
        let rows = page.items.map { batch -> ImportListView.Row in
            let (label, badge) = ImportText.status(batch)
            let c = batch.counts
            var list = batch.settings.listName
            if let cost = batch.settings.listCost { list += (list.isEmpty ? "" : " · ") + cost.description }
            return ImportListView.Row(
                href: "/imports/\(batch.id)", fileName: batch.fileName, entity: store.imports.kind(batch.entity)?.label ?? batch.entity,
                statusLabel: label, statusBadge: badge, rows: ImportText.number(c.rows), created: ImportText.number(c.created),
                updated: ImportText.number(c.updated), notImported: ImportText.number(c.skipped + c.rejected), list: list.isEmpty ? "—" : list,
                when: DateText.short(batch.createdAt), by: batch.createdByName)
        }
        let view = ImportListView(
            rows: rows, isEmpty: rows.isEmpty, nextHref: page.nextCursor.map { "/imports?cursor=\($0)" },
            newHref: principal.canWrite ? "/imports/new" : nil)
        return pages.render("imports", title: "Imports", content: ImportListContent(page: view), context: context, request: request)
    }

    // MARK: One import

    func show(_ request: Request, _ context: AppRequestContext, errors: [String] = [], form: [String: String]? = nil) async throws -> Response {
        let principal = try context.requirePrincipal()
        let batch = try await store.imports.get(try id(context), by: principal)
        var view = try await self.view(batch, principal: principal, context: context, form: form)
        view.errors = errors
        if batch.status == .draft, errors.isEmpty, request.uri.queryParameters.get("preview") != nil {
            do {
                view.preview = Self.preview(try await store.imports.preview(batch.id, limit: 20, by: principal), entity: batch.entity)
            } catch RapportError.invalid(let issues) {
                view.errors = issues.map(Self.sentence)
            }
        }
        let status: HTTPResponse.Status = errors.isEmpty ? .ok : .unprocessableContent
        return pages.render(
            "import", title: "Import \(batch.fileName)", content: ImportPageContent(page: view), context: context, request: request,
            status: status)
    }

    /// Saves the draft's mapping and settings from the form, then does what the pressed button says.
    func change(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let id = try id(context)
        var request = request
        let form = try await request.form(limit: 1 << 20)
        let batch = try await store.imports.get(id, by: principal)
        guard batch.status == .draft, let kind = store.imports.kind(batch.entity) else {
            return .seeOther("/imports/\(id)", flash: "This import has started; its settings can no longer change.", kind: "error")
        }
        var mapping = JSONObject()
        for column in batch.settings.mapping.columns {
            guard let target = form["map.\(column.index)"] else { continue }
            mapping[column.key] = target.isEmpty ? .null : .string(target)
        }
        let action = form["action"] ?? "save"
        if action == "apply_template", let name = form["template"], !name.isEmpty,
            let template = try await store.imports.templates(kind, by: principal).first(where: { $0.id.uuidString.lowercased() == name })
        {
            let applied = batch.settings.mapping.applying(template: template.mapping, validTargets: Set(kind.targets.map(\.key)))
            mapping = JSONObject()
            for column in applied.columns { mapping[column.key] = .string(column.target) }
        }
        var input = JSONObject(["mapping": .object(mapping)])
        for key in ["mode", "duplicates", "date_order", "encoding", "separator"] { if let v = form[key], !v.isEmpty { input[key] = .string(v) } }
        if let key = form["match_key"] { input["match_key"] = key.isEmpty ? .null : .string(key) }
        if let name = form["list_name"] { input["list_name"] = .string(name) }
        if let cost = form["list_cost"] { input["list_cost"] = .string(cost) }
        do {
            _ = try await store.imports.update(id, with: input, by: principal)
            switch action {
            case "preview": return .seeOther("/imports/\(id)?preview=1#preview")
            case "dry_run":
                _ = try await store.imports.start(id, dryRun: true, by: principal)
                return .seeOther("/imports/\(id)")
            case "run":
                _ = try await store.imports.start(id, dryRun: false, by: principal)
                return .seeOther("/imports/\(id)")
            case "save_template":
                let saved = try await store.imports.get(id, by: principal)
                let template = try await store.imports.saveTemplate(
                    kind, name: form["template_name"] ?? "", mapping: saved.settings.mapping.template, by: principal)
                return .seeOther("/imports/\(id)", flash: "Saved the mapping as “\(template.name)”.")
            case "apply_template": return .seeOther("/imports/\(id)", flash: "Applied the template.")
            default: return .seeOther("/imports/\(id)", flash: "Saved.")
            }
        } catch RapportError.invalid(let issues) {
            return try await show(request, context, errors: issues.map(Self.sentence), form: form)
        }
    }

    enum Act { case cancel, revert, resume, discard }

    func perform(_ act: Act, _ context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let id = try id(context)
        do {
            switch act {
            case .cancel:
                _ = try await store.imports.cancel(id, by: principal)
                return .seeOther("/imports/\(id)", flash: "The import will stop after the rows it is writing.")
            case .revert:
                _ = try await store.imports.requestRevert(id, by: principal)
                return .seeOther("/imports/\(id)", flash: "Reverting the import.")
            case .resume:
                _ = try await store.imports.start(id, dryRun: false, by: principal)
                return .seeOther("/imports/\(id)", flash: "The import goes on from where it stopped.")
            case .discard:
                let batch = try await store.imports.discard(id, by: principal)
                return .seeOther("/imports", flash: "Discarded “\(batch.fileName)”.")
            }
        } catch RapportError.conflict(let message) {
            return .seeOther("/imports/\(id)", flash: message, kind: "error")
        }
    }

    /// What the page's script polls: the status and counts, and whether to reload.
    func progress(_ context: AppRequestContext) async throws -> Response {
        let batch = try await store.imports.get(try id(context), by: try context.requirePrincipal())
        let counts = batch.dryRun ? (batch.dryCounts ?? ImportCounts()) : batch.counts
        var object = JSONObject([
            "status": .string(batch.status.rawValue), "active": .bool(batch.status.isActive),
            "percent": .int(Int64((batch.progress * 100).rounded(.down))), "text": .string(Self.progressText(batch)),
        ])
        var values = JSONObject()
        for stat in ImportText.stats(counts) { values[stat.key] = .string(stat.value) }
        if let revert = batch.revertCounts {
            for (key, n) in [("deleted", revert.deleted), ("restored", revert.restored), ("kept", revert.kept)] {
                values[key] = .string(ImportText.number(n))
            }
        }
        object["counts"] = .object(values)
        return .json(.object(object), headers: [.cacheControl: "no-store"])
    }

    /// An issue of the settings in words: “Mapping: maps no column…”.
    static func sentence(_ issue: FieldIssue) -> String {
        let field = issue.field.hasPrefix("mapping.") ? "Column “\(issue.field.dropFirst(8))”" : issue.field.replacingAll("_", with: " ").capitalized
        return "\(field) \(issue.reason)."
    }

    func id(_ context: AppRequestContext) throws(RapportError) -> ImportBatch.ID {
        guard let raw = context.parameters.get("id"), let id = ImportBatch.ID(raw) else {
            throw .notFound(entity: "import", id: context.parameters.get("id") ?? "")
        }
        return id
    }
}
