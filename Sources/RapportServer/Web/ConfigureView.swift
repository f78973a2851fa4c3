import Foundation
import RapportCore
import RapportStore

/// What the public configurator page shows: each option group as a step, the live price, what is
/// wrong with the current choice, and, once saved, the share link and the quote request form.
struct ConfigureView {
    var workspace: String
    var initial: String
    var heading: String
    var description: String?
    var action: String
    var priceURL: String
    var steps: [ConfigureStepView]
    var price: String
    var problems: [String]
    var valid: Bool
    var saved: Bool
    var shareLink: String
    var summary: String
    var quoteAction: String
    var configurationID: String
    var fields: [ConfigureFieldView]
    var errors: [String]
    var alreadyRequested: Bool

    static func make(
        _ published: ConfiguratorStore.Published, selection: Set<String>, saved: ConfiguratorStore.Configuration?, workspace: String,
        values: [String: String], errors: [String], touched: Bool
    ) async throws -> ConfigureView {
        let configurator = published.configurator
        let check = try configurator.check(selection)
        let base = "/configure/\(published.token)"
        return ConfigureView(
            workspace: workspace, initial: workspace.first.map { String($0).uppercased() } ?? "",
            heading: published.product["name"]?.text ?? published.product.title, description: published.product["description"]?.text,
            action: base, priceURL: "\(base)/price",
            steps: steps(configurator, selection: selection),
            price: check.price.description, problems: touched || saved != nil ? check.problems.map(\.message) : [], valid: check.isValid,
            saved: saved != nil, shareLink: saved.map { "\(base)?c=\($0.id.lowercasedText)" } ?? "", summary: saved?.summary ?? "",
            quoteAction: "\(base)/quote", configurationID: saved?.id.lowercasedText ?? "",
            fields: [
                ConfigureFieldView(name: "name", label: "Your name", type: "text", autocomplete: "name", required: true, value: values["name"] ?? ""),
                ConfigureFieldView(name: "email", label: "Email", type: "email", autocomplete: "email", required: true, value: values["email"] ?? ""),
                ConfigureFieldView(
                    name: "company", label: "Company", type: "text", autocomplete: "organization", required: false, value: values["company"] ?? ""),
                ConfigureFieldView(name: "phone", label: "Phone", type: "tel", autocomplete: "tel", required: false, value: values["phone"] ?? ""),
            ], errors: errors, alreadyRequested: saved?.quoteID != nil)
    }
}

/// The option keys a form or query chose: every `o`, and each single-choice step's `s-…`.
enum ConfigureSelection {
    static func keys(_ pairs: [(String, String)]) -> Set<String> {
        Set(pairs.filter { $0.0 == "o" || $0.0.hasPrefix("s-") }.map(\.1).filter { !$0.isEmpty }.prefix(200))
    }
}

extension ConfigureView {
    /// Each option group as a step, its options marked chosen or unavailable (with the reason).
    static func steps(_ configurator: Configurator, selection: Set<String>) -> [ConfigureStepView] {
        let unavailable = configurator.unavailable(given: selection)
        return configurator.groups.enumerated().map { index, group in
            ConfigureStepView(
                number: index + 1, key: group.key, label: group.label,
                hint: group.isSingleChoice
                    ? (group.minChoices == 0 ? "Optional: choose one" : "Choose one")
                    : "Choose \(group.minChoices == 0 ? "any" : "at least \(group.minChoices)") (up to \(group.maxChoices))",
                inputType: group.isSingleChoice ? "radio" : "checkbox", inputName: group.isSingleChoice ? "s-\(group.key)" : "o",
                options: group.options.map { option in
                    let reason = unavailable[option.key]?.joined(separator: "; ")
                    return ConfigureOptionView(
                        key: option.key, id: "opt-\(option.key)", label: option.label,
                        delta: option.priceDelta == 0
                            ? "included"
                            : (option.priceDelta > 0 ? "+ " : "− ")
                                + Money(minor: Int64(clamping: option.priceDelta.magnitude), currency: configurator.currency).description,
                        checked: selection.contains(option.key), unavailable: reason != nil && !selection.contains(option.key), reason: reason)
                })
        }
    }
}

struct ConfigureStepView {
    var number: Int
    var key: String
    var label: String
    var hint: String
    var inputType: String
    /// A radio group per single-choice step (`s-colour`); checkboxes share `o`.
    var inputName: String
    var options: [ConfigureOptionView]
}

struct ConfigureOptionView {
    var key: String
    var id: String
    var label: String
    var delta: String
    var checked: Bool
    var unavailable: Bool
    var reason: String?
}

struct ConfigureFieldView {
    var name: String
    var label: String
    var type: String
    var autocomplete: String
    var required: Bool
    var value: String
}
