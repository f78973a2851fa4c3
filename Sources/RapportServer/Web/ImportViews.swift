import Foundation
import RapportCore
import RapportStore

/// What the import pages show.
struct ImportPageView {
    struct ColumnView {
        var index: Int
        var header: String
        var name: String
        var samples: [String]
        var options: [OptionView]
        var mapped: Bool
    }

    struct StatView {
        var label: String
        var value: String
        var key: String
    }

    struct IssueView {
        var row: Int
        var kind: String
        var kindLabel: String
        var reason: String
        var href: String?
        var badge: String
    }

    struct PreviewRowView {
        var number: Int
        var outcome: String
        var outcomeLabel: String
        var badge: String
        var cells: [String]
        var messages: [String]
        var href: String?
    }

    struct PreviewView {
        var fields: [String]
        var rows: [PreviewRowView]
        var empty: Bool
    }

    var id: String
    var entity: String
    var entityLabel: String
    var singular: String
    var fileName: String
    var statusLabel: String
    var statusBadge: String
    var sub: String
    var listHref: String
    var action: String
    var errors: [String] = []

    // Stages.
    var isDraft = false
    var isActive = false
    var isFinished = false
    var isReverted = false

    // The draft's form.
    var columns: [ColumnView] = []
    var modes: [OptionView] = []
    var matchKeys: [OptionView] = []
    var skipDuplicates = true
    var listName = ""
    var listCost = ""
    var currency = ""
    var dateOrders: [OptionView] = []
    var encodings: [OptionView] = []
    var separators: [OptionView] = []
    var templates: [OptionView] = []
    var hasTemplates = false
    var preview: PreviewView?
    var dryStats: [StatView] = []
    var hasDryRun = false
    var dryIssues: [IssueView] = []
    var dryMore: Int?
    var dryDownload: String?

    // Progress.
    var pollHref = ""
    var percent = 0
    var progressText = ""
    var runningLabel = ""
    var stats: [StatView] = []
    var canCancel = false

    // Results.
    var error: String?
    var issues: [IssueView] = []
    var moreIssues: Int?
    var downloadHref: String?
    var recordsHref: String
    var canRevert = false
    var canResume = false
    var revertStats: [StatView] = []
    var hasRevert = false
    var kept: [IssueView] = []
    var listLine: String?
}

struct ImportPageContent { var page: ImportPageView }

/// The upload form.
struct ImportNewView {
    var entities: [OptionView]
    var maxSize: String
    var error: String?
}

struct ImportNewContent { var page: ImportNewView }

/// The list of imports.
struct ImportListView {
    struct Row {
        var href: String
        var fileName: String
        var entity: String
        var statusLabel: String
        var statusBadge: String
        var rows: String
        var created: String
        var updated: String
        var notImported: String
        var list: String
        var when: String
        var by: String
    }

    var rows: [Row]
    var isEmpty: Bool
    var nextHref: String?
    var newHref: String?
}

struct ImportListContent { var page: ImportListView }

/// Words and numbers for the import pages.
enum ImportText {
    static func status(_ batch: ImportBatch) -> (label: String, badge: String) {
        switch batch.status {
        case .draft: return (batch.dryCounts == nil ? "Draft" : "Dry run done", "")
        case .queued: return (batch.dryRun ? "Dry run queued" : "Queued", "badge-info")
        case .running: return (batch.dryRun ? "Dry run…" : "Importing…", "badge-info")
        case .done: return ("Done", "badge-success")
        case .failed: return ("Failed", "badge-danger")
        case .cancelled: return ("Cancelled", "badge-warning")
        case .reverting: return ("Reverting…", "badge-info")
        case .reverted: return ("Reverted", "")
        }
    }

    static func number(_ n: Int) -> String {
        let formatter = NumberFormatter()
        formatter.numberStyle = .decimal
        formatter.locale = Locale(identifier: "en_US")
        return formatter.string(from: NSNumber(value: n)) ?? String(n)
    }

    static func bytes(_ n: Int64) -> String {
        if n < 1024 { return "\(n) bytes" }
        if n < 1 << 20 { return String(format: "%.0f KB", Double(n) / 1024) }
        if n < 1 << 30 { return String(format: "%.1f MB", Double(n) / 1_048_576) }
        return String(format: "%.0f GB", Double(n) / 1_073_741_824)
    }

    static func stats(_ counts: ImportCounts) -> [ImportPageView.StatView] {
        var stats = [
            ImportPageView.StatView(label: "Rows read", value: number(counts.rows), key: "rows"),
            ImportPageView.StatView(label: "Created", value: number(counts.created), key: "created"),
            ImportPageView.StatView(label: "Updated", value: number(counts.updated), key: "updated"),
            ImportPageView.StatView(label: "Skipped", value: number(counts.skipped), key: "skipped"),
            ImportPageView.StatView(label: "Rejected", value: number(counts.rejected), key: "rejected"),
        ]
        if counts.unchanged > 0 { stats.insert(.init(label: "Unchanged", value: number(counts.unchanged), key: "unchanged"), at: 3) }
        if counts.flagged > 0 { stats.append(.init(label: "Flagged as look-alikes", value: number(counts.flagged), key: "flagged")) }
        if counts.warnings > 0 { stats.append(.init(label: "With warnings", value: number(counts.warnings), key: "warnings")) }
        return stats
    }

    static func issue(_ issue: ImportIssue, entity: String) -> ImportPageView.IssueView {
        let (label, badge): (String, String) =
            switch issue.kind {
            case "rejected": ("Rejected", "badge-danger")
            case "skipped": ("Skipped", "badge-warning")
            case "flagged": ("Flagged", "badge-info")
            case "kept": ("Kept", "badge-warning")
            default: ("Warning", "")
            }
        return ImportPageView.IssueView(
            row: issue.row, kind: issue.kind, kindLabel: label, reason: issue.reason,
            href: issue.recordID.map { "/\(entity)/\($0.uuidString.lowercased())" }, badge: badge)
    }

    static func outcome(_ outcome: String) -> (String, String) {
        switch outcome {
        case "create": ("New", "badge-success")
        case "update": ("Update", "badge-info")
        case "unchanged": ("No change", "")
        case "skip": ("Skip", "badge-warning")
        case "reject": ("Error", "badge-danger")
        default: ("Blank", "")
        }
    }
}
