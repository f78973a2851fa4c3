/// The records activities and tasks can be about, by entity name, and the column of activities
/// and tasks that points at each: one record page timeline per entry.
public enum TimelineSubject {
    public static let columns: [String: String] = [
        Account.name: "account_id", Contact.name: "contact_id", Lead.name: "lead_id", Deal.name: "deal_id",
    ]

    /// The column pointing at records of an entity; nil when activities are never about it.
    public static func column<E: Entity>(_ entity: E.Type) -> String? { columns[E.name] }
}
