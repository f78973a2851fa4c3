import Foundation
import RapportCore

/// The tabs across the Settings pages, so each settings area is one click from the others.
struct SettingsTabView {
    var label: String
    var href: String
    var current: Bool
}

enum SettingsTabs {
    static let all = [
        ("Purposes", "/settings/purposes"), ("Lead SLA & assignment", "/settings/leads"), ("Lead scoring", "/settings/lead-scoring"),
        ("Web forms", "/settings/lead-forms"),
    ]

    /// The tabs with `current` marked; purposes are admin-only, so others see the lead tabs alone.
    static func tabs(current: String, principal: Principal) -> [SettingsTabView] {
        all.filter { principal.role == .admin || $0.1 != "/settings/purposes" }.map {
            SettingsTabView(label: $0.0, href: $0.1, current: $0.1 == current)
        }
    }

    /// Field problems by form field (`countries[2]` is shown on `countries`), several joined.
    static func errors(_ issues: [FieldIssue]) -> [String: String] {
        var result: [String: String] = [:]
        for issue in issues {
            let base = String(issue.field.prefix(while: { $0 != "[" && $0 != "." }))
            result[base] = result[base].map { $0 + "; " + issue.reason } ?? issue.reason
        }
        return result
    }

    /// A comma- or line-separated list typed into a form.
    static func list(_ text: String?) -> [String] {
        (text ?? "").split(whereSeparator: { $0 == "," || $0 == "\n" || $0 == "\r" || $0 == ";" })
            .map { String($0).trimmingWhitespace() }.filter { !$0.isEmpty }
    }

    /// Whether a checkbox was ticked.
    static func ticked(_ value: String?) -> Bool { ["on", "true", "1", "yes"].contains(value ?? "") }
}
