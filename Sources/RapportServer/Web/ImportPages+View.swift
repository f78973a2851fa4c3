import Foundation
import HTTPTypes
import Hummingbird
import RapportCore
import RapportStore

extension ImportPages {
    // MARK: Building the page

    func view(_ batch: ImportBatch, principal: Principal, context: AppRequestContext, form: [String: String]?) async throws -> ImportPageView {
        let kind = store.imports.kind(batch.entity)
        let (label, badge) = ImportText.status(batch)
        let settings = batch.settings
        var view = ImportPageView(
            id: batch.id.description, entity: batch.entity, entityLabel: kind?.label ?? batch.entity,
            singular: kind?.singular ?? batch.entity, fileName: batch.fileName, statusLabel: label, statusBadge: badge,
            sub: "\(kind?.label ?? batch.entity) · \(ImportText.bytes(batch.fileBytes)) · uploaded by \(batch.createdByName), "
                + DateText.full(batch.createdAt, in: context.zone),
            listHref: "/\(batch.entity)", action: "/imports/\(batch.id)", recordsHref: "/\(batch.entity)?sort=-created_at")
        if !settings.listName.isEmpty || settings.listCost != nil {
            view.listLine = [settings.listName, settings.listCost?.description ?? ""].filter { !$0.isEmpty }.joined(separator: " · ")
        }
        view.pollHref = "/imports/\(batch.id)/progress.json"
        switch batch.status {
        case .draft: view.isDraft = true
        case .queued, .running, .reverting: view.isActive = true
        case .done, .failed, .cancelled: view.isFinished = true
        case .reverted: view.isReverted = true
        }
        if view.isDraft, let kind {
            try await fillForm(&view, batch: batch, kind: kind, principal: principal, form: form)
        }
        if view.isActive {
            view.percent = Int((batch.progress * 100).rounded(.down))
            view.progressText = Self.progressText(batch)
            view.runningLabel = batch.status == .reverting ? "Reverting" : batch.dryRun ? "Dry run" : "Importing"
            view.stats = ImportText.stats(batch.dryRun ? (batch.dryCounts ?? ImportCounts()) : batch.counts)
            view.canCancel = batch.status != .reverting && principal.canWrite
        }
        if view.isFinished || view.isReverted || batch.status == .reverting {
            view.stats = view.stats.isEmpty ? ImportText.stats(batch.counts) : view.stats
            if !batch.error.isEmpty { view.error = batch.error }
            let issues = try await store.imports.issues(batch.id, pass: "run", limit: 51, by: principal)
            view.issues = issues.prefix(50).map { ImportText.issue($0, entity: batch.entity) }
            if issues.count > 50 { view.moreIssues = batch.counts.skipped + batch.counts.rejected + batch.counts.warnings + batch.counts.flagged - 50 }
            if batch.counts.skipped + batch.counts.rejected > 0 { view.downloadHref = "/imports/\(batch.id)/rejected.csv" }
            view.canRevert = batch.canRevert && principal.canWrite
            view.canResume = batch.canResume && principal.canWrite
        }
        if let revert = batch.revertCounts {
            view.hasRevert = true
            view.revertStats = [
                .init(label: "Deleted", value: ImportText.number(revert.deleted), key: "deleted"),
                .init(label: "Restored", value: ImportText.number(revert.restored), key: "restored"),
                .init(label: "Kept", value: ImportText.number(revert.kept), key: "kept"),
            ]
            view.kept = try await store.imports.issues(batch.id, pass: "revert", limit: 50, by: principal).map {
                ImportText.issue($0, entity: batch.entity)
            }
        }
        return view
    }

    /// The draft's mapping and settings form, with what was typed when it was refused.
    func fillForm(
        _ view: inout ImportPageView, batch: ImportBatch, kind: ImportKind, principal: Principal, form: [String: String]?
    ) async throws {
        let settings = batch.settings
        let samples = store.imports.samples(batch, rows: 3)
        let targets = kind.targets
        view.columns = settings.mapping.columns.map { column in
            let chosen = form?["map.\(column.index)"] ?? column.target ?? ""
            var options = [OptionView(value: "", label: "Don’t import", selected: chosen.isEmpty)]
            options += targets.map { OptionView(value: $0.key, label: $0.label, selected: $0.key == chosen) }
            return ImportPageView.ColumnView(
                index: column.index, header: column.header.isEmpty ? column.key : column.header, name: "map.\(column.index)",
                samples: samples.compactMap { $0.indices.contains(column.index) ? $0[column.index] : nil }.filter { !$0.isEmpty },
                options: options, mapped: !chosen.isEmpty)
        }
        let mode = form?["mode"] ?? settings.mode.rawValue
        view.modes = [
            OptionView(value: "create", label: "Create a record for every row", selected: mode == "create"),
            OptionView(value: "update", label: "Update the records rows find (skip the rest)", selected: mode == "update"),
            OptionView(value: "upsert", label: "Update the records rows find, create the rest", selected: mode == "upsert"),
        ]
        let key = form?["match_key"] ?? settings.matchKey ?? ""
        view.matchKeys = [OptionView(value: "", label: "—", selected: key.isEmpty)]
            + ImportSettings.matchKeys(for: kind.fields).map { OptionView(value: $0.key, label: $0.label, selected: $0.key == key) }
        view.skipDuplicates = (form?["duplicates"] ?? settings.duplicates.rawValue) != "flag"
        view.listName = form?["list_name"] ?? settings.listName
        view.listCost = form?["list_cost"] ?? settings.listCost.map { $0.formattedAmount } ?? ""
        view.currency = settings.listCost?.currency ?? ""
        let order = form?["date_order"] ?? settings.dateOrder.rawValue
        view.dateOrders = [("dmy", "31/12/2026 (day first)"), ("mdy", "12/31/2026 (month first)"), ("ymd", "2026/12/31 (year first)")].map {
            OptionView(value: $0.0, label: $0.1, selected: $0.0 == order)
        }
        view.encodings = CSVFormat.Encoding.allCases.map {
            OptionView(value: $0.rawValue, label: $0.label, selected: $0 == settings.format.encoding)
        }
        view.separators = CSVFormat.separators.map {
            OptionView(value: $0.name, label: $0.label, selected: $0.byte == settings.format.separator)
        }
        let templates = try await store.imports.templates(kind, by: principal)
        view.templates = templates.map { OptionView(value: $0.id.uuidString.lowercased(), label: $0.name, selected: false) }
        view.hasTemplates = !templates.isEmpty
        if let dry = batch.dryCounts {
            view.dryStats = ImportText.stats(dry)
            view.hasDryRun = true
            let issues = try await store.imports.issues(batch.id, pass: "dry", limit: 21, by: principal)
            view.dryIssues = issues.prefix(20).map { ImportText.issue($0, entity: batch.entity) }
            if issues.count > 20 { view.dryMore = dry.skipped + dry.rejected + dry.warnings + dry.flagged - 20 }
            if dry.skipped + dry.rejected > 0 { view.dryDownload = "/imports/\(batch.id)/rejected.csv?pass=dry" }
        }
    }

    static func preview(_ preview: ImportPreview, entity: String) -> ImportPageView.PreviewView {
        let rows = preview.rows.map { row -> ImportPageView.PreviewRowView in
            let (label, badge) = ImportText.outcome(row.outcome)
            return ImportPageView.PreviewRowView(
                number: row.number, outcome: row.outcome, outcomeLabel: label, badge: badge,
                cells: preview.fields.map { row.values[$0.name] ?? "" }, messages: row.messages,
                href: row.recordID.map { "/\(entity)/\($0.uuidString.lowercased())" })
        }
        return ImportPageView.PreviewView(fields: preview.fields.map(\.label), rows: rows, empty: rows.isEmpty)
    }

    static func progressText(_ batch: ImportBatch) -> String {
        let counts = batch.dryRun ? (batch.dryCounts ?? ImportCounts()) : batch.counts
        switch batch.status {
        case .queued: return "Waiting to start…"
        case .reverting:
            let r = batch.revertCounts ?? RevertCounts()
            return "\(ImportText.number(r.deleted)) deleted, \(ImportText.number(r.restored)) restored so far"
        default:
            return "\(Int((batch.progress * 100).rounded(.down)))% · \(ImportText.number(counts.rows)) rows read of \(ImportText.bytes(batch.fileBytes))"
        }
    }
}
