import Foundation
import RapportCore

extension DemoRun {
    /// What happened after the records were entered, each step by the person who would do it, so
    /// record histories show several actors: a deal won, records shared with Service and Billing,
    /// an account handed over, a promotion, an unsubscribe, a typo fixed.
    mutating func playStory() async throws {
        // Ethan wins Helix Biologics: the prospect becomes a customer.
        try await updateAccount(
            "helix", by: .ethan,
            [
                "type": .string("customer"),
                "description": .string(
                    """
                    First order won: 4 × Aurora UV-Vis spectrophotometers and a three-year Gold service contract. \
                    Replaces their ageing Kestrel units.
                    """),
            ])
        // Daniel shares the new customer and its people so Service and Billing can work with them.
        try await updateAccount("helix", by: .daniel, ["shared": .bool(true)])
        for index in contactIndexes(at: "helix") {
            try await updateContact(at: index, by: .daniel, ["shared": .bool(true)])
        }
        // Hannah in Billing adds the accounts-payable mailbox and marks the buyer as billing contact.
        if let helix = account("helix") {
            try await updateAccount(
                "helix", by: .hannah,
                [
                    "emails": appendingObject(
                        helix["emails"],
                        [
                            "address": .string("accounts.payable@\(helix["domain"]?.text ?? "")"),
                            "label": .string("work"),
                        ])
                ])
        }
        if let marcus = contact("marcus") {
            try await updateContact(
                "marcus", by: .hannah, ["tags": appending(marcus["tags"], .string("billing-contact"))])
        }
        // Lucas in Service notes where to find Dr. Zhang for on-site visits.
        if let wei = contact("wei") {
            try await updateContact(
                "wei", by: .lucas,
                [
                    "phones": appendingObject(
                        wei["phones"], ["number": .string("+1 617 555 0177"), "label": .string("mobile")]),
                    "description": .string("Main contact for on-site service visits; the lab is in Building 2."),
                ])
        }

        // Sophie wins Maison Valmont.
        try await updateAccount(
            "valmont", by: .sophie,
            [
                "type": .string("customer"),
                "description": .string(
                    "First order: 3 × Tessera moisture analyzers for the Toulouse plant; two more plants to follow."),
            ])

        // Jonas records Lukas Brandt's promotion at Rheinfeld.
        if let lukas = contact("lukas") {
            try await updateContact(
                "lukas", by: .jonas,
                ["title": .string("Laborleiter"), "tags": appending(lukas["tags"], .string("decision-maker"))])
        }

        // Daniel hands the French-speaking Swiss utility from Jonas to Sophie, people included.
        let sophie = try userID(.sophie).description
        try await updateAccount("lemanique", by: .daniel, ["owner_id": .string(sophie)])
        for index in contactIndexes(at: "lemanique") {
            try await updateContact(at: index, by: .daniel, ["owner_id": .string(sophie)])
        }

        // Priya in Service records the renewed service contract on the shared key account.
        if let alcazar = account("alcazar") {
            let text = (alcazar["description"]?.text ?? "") + " Service contract renewed in 2025: Gold, three years."
            try await updateAccount("alcazar", by: .priya, ["description": .string(text)])
        }

        // Aiko in Marketing records an unsubscribe.
        if let lucia = contact("lucia") {
            let tags = (lucia["tags"]?.tags ?? []).filter { $0 != "newsletter" }.map { JSONValue.string($0) }
            try await updateContact("lucia", by: .aiko, ["email_opt_out": .bool(true), "tags": .array(tags)])
        }

        // Olivia enters the figures from Rheinfeld Chemicals' annual report.
        try await updateAccount(
            "rheinfeld-us", by: .olivia,
            [
                "employees": .int(910),
                "annual_revenue": .object(
                    JSONObject(["amount_minor": .int(41_500_000_000), "currency": .string("USD")])),
            ])

        // Maya, the admin, fixes a name typed without its accent.
        try await updateContact("jose", by: .maya, ["first_name": .string("José")])
    }

    /// A list field's JSON with one more item.
    func appending(_ value: FieldValue?, _ item: JSONValue) -> JSONValue {
        guard case .array(let items)? = value?.json else { return .array([item]) }
        return .array(items + [item])
    }

    func appendingObject(_ value: FieldValue?, _ item: KeyValuePairs<String, JSONValue>) -> JSONValue {
        appending(value, .object(JSONObject(item)))
    }
}
