import Foundation

/// A sale in progress (an opportunity): what, for whom, how much, by when, and where it stands.
///
/// The pipeline follows the stage, and a new stage brings its default probability and forecast
/// category unless the same change sets them; the store checks the stage's required fields. Every
/// stage change is an ordinary change in the event log, from which the stage history is kept.
public enum Deal: Entity {
    public static let name = "deal"
    public static let table = "deals"

    public static let categories = ForecastCategory.allCases.map(\.rawValue)
    public static let lostReasons = [
        "price", "chose_competitor", "no_decision", "no_budget", "timing", "product_fit", "went_dark", "other",
    ]

    public static let fields: [FieldSpec] = [
        FieldSpec("name", "Name", .text(max: 200), required: true, searchable: true),
        FieldSpec("account_id", "Account", .reference("accounts")),
        FieldSpec("contact_id", "Main contact", .reference("contacts"), help: "Others join with a role on the deal's page."),
        FieldSpec("pipeline_id", "Pipeline", .picklist("pipelines"), help: "Follows the stage; the default pipeline when empty."),
        FieldSpec("stage_id", "Stage", .picklist("stages"), help: "The first stage of the pipeline when empty."),
        FieldSpec("amount", "Amount", .money),
        FieldSpec("close_date", "Expected close", .date),
        FieldSpec("probability", "Probability (%)", .integer(0...100), help: "The stage's when left alone."),
        FieldSpec("forecast_category", "Forecast category", .choice(categories), help: "The stage's when left alone."),
        FieldSpec("next_step", "Next step", .text(max: 300), help: "What happens next, and when."),
        FieldSpec(
            "competitor_ids", "Competitors", .references("accounts", max: 10),
            help: "Competitor accounts in this deal; reports count wins and losses against each."),
        FieldSpec("source", "Source", .choice(Lead.sources)),
        FieldSpec("lead_id", "From lead", .reference("leads"), readOnly: true),
        FieldSpec("lost_reason", "Lost because", .choice(lostReasons)),
        FieldSpec("won_reason", "Won because", .text(max: 300)),
        FieldSpec("description", "Notes", .longText(max: 10_000)),
        FieldSpec("tags", "Tags", .tags(max: 30), searchable: true),
        FieldSpec("stage_entered_at", "In stage since", .dateTime, readOnly: true),
        FieldSpec("closed_at", "Closed", .dateTime, readOnly: true),
    ]

    public static func finish(_ values: inout FieldValues, changed: Set<String>, issues: inout [FieldIssue]) {
        if let amount = values["amount"], case .money(let money) = amount, money.minor < 0 {
            issues.append(FieldIssue(field: "amount", reason: "must not be negative"))
        }
    }

    public static func title(of values: FieldValues) -> String { values["name"]?.text ?? "Unnamed deal" }

    /// The weighted amount (amount × probability) in minor units, rounded half away from zero.
    public static func weighted(_ values: FieldValues) -> Money? {
        guard case .money(let amount)? = values["amount"], case .int(let p)? = values["probability"] else { return nil }
        let product = amount.minor.multipliedReportingOverflow(by: p)
        guard !product.overflow else { return nil }
        let rounded = (product.partialValue + (product.partialValue >= 0 ? 50 : -50)) / 100
        return Money(minor: rounded, currency: amount.currency)
    }
}
