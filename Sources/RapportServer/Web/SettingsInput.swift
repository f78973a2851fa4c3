import Foundation
import RapportCore

/// Reading the Settings pages' forms: problems by field, typed lists, ticked boxes.
enum SettingsInput {
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
