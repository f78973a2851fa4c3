import Foundation
import RapportCore
import Testing

/// An entity with a field of every kind, and one named like a member every record has.
enum Everything: Entity {
    static let name = "everything"
    static let table = "everythings"
    static let fields: [FieldSpec] = [
        FieldSpec("title", "Title", .text(max: 200)),
        FieldSpec("notes", "Notes", .longText(max: 5_000)),
        FieldSpec("count", "Count", .integer(-1_000...1_000)),
        FieldSpec("amount", "Amount", .money),
        FieldSpec("day", "Day", .date),
        FieldSpec("at", "At", .dateTime),
        FieldSpec("flag", "Flag", .bool),
        FieldSpec("stage", "Stage", .choice(["new", "won"])),
        FieldSpec("site", "Site", .url),
        FieldSpec("country", "Country", .country),
        FieldSpec("zone", "Zone", .timeZone),
        FieldSpec("emails", "Emails", .emails(max: 5)),
        FieldSpec("phones", "Phones", .phones(max: 5)),
        FieldSpec("tags", "Tags", .tags(max: 10)),
        FieldSpec("parent_id", "Parent", .reference("everythings")),
        FieldSpec("member_ids", "Members", .references("users", max: 5)),
        FieldSpec("purpose_id", "Purpose", .picklist("purposes")),
        // Named like the record's own member: the record's version wins, in the field's place.
        FieldSpec("version", "Version", .integer(0...10)),
    ]
    static func finish(_ values: inout FieldValues, changed: Set<String>, issues: inout [FieldIssue]) {}
    static func title(of values: FieldValues) -> String { values["title"]?.text ?? "" }
}

@Suite struct RecordJSONTests {
    static let texts = ["", "plain", "Zoë \"quoted\" <b>&</b>", "line\nbreak\ttab\r", "\u{1}\u{1F}", "東京 🎉", "back\\slash"]

    static func randomRecord<E: Entity>(_ entity: E.Type, using g: inout some RandomNumberGenerator) -> Record<E> {
        func text() -> String { texts[Int.random(in: 0..<texts.count, using: &g)] + String(Int.random(in: 0...99, using: &g)) }
        func uuid() -> UUID { UUIDv7.make(milliseconds: UInt64.random(in: 0...(1 << 46), using: &g), using: &g) }
        func micros() -> Int64 { Int64.random(in: -2_000_000_000_000_000...4_000_000_000_000_000, using: &g) }
        var values: FieldValues = [:]
        for spec in E.fields where Bool.random(using: &g) || spec.name == "title" {
            switch spec.kind {
            case .text, .longText, .choice, .url, .country, .timeZone: values[spec.name] = .text(text())
            case .integer: values[spec.name] = .int(Int64.random(in: -1_000_000...1_000_000, using: &g))
            case .money: values[spec.name] = .money(Money(minor: Int64.random(in: -99_999...99_999_999, using: &g), currency: "EUR"))
            case .date: values[spec.name] = .date(try! LocalDate(year: Int.random(in: 1...9999, using: &g), month: 2, day: 28))
            case .dateTime: values[spec.name] = .time(Timestamp(micros: micros()))
            case .bool: values[spec.name] = .bool(Bool.random(using: &g))
            case .emails:
                values[spec.name] = .emails(
                    (0..<Int.random(in: 0...3, using: &g)).map { i in
                        LabeledEmail(EmailAddress(trusted: "a\(i)+x@example.com"), label: ["work", "home", "<o>"][i % 3])
                    })
            case .phones:
                values[spec.name] = .phones(
                    (0..<Int.random(in: 0...3, using: &g)).map { i in
                        LabeledPhone(PhoneNumber(trusted: i == 1 ? "+14155550100;ext=12" : "+4930123456\(i)"), label: "mobile")
                    })
            case .tags: values[spec.name] = .tags((0..<Int.random(in: 0...3, using: &g)).map { _ in text() })
            case .reference, .picklist: values[spec.name] = .id(uuid())
            case .references: values[spec.name] = .ids((0..<Int.random(in: 0...3, using: &g)).map { _ in uuid() })
            }
        }
        return Record<E>(
            id: .init(uuid()), workspaceID: .init(uuid()), values: values,
            ownerID: Bool.random(using: &g) ? .init(uuid()) : nil, teamID: Bool.random(using: &g) ? .init(uuid()) : nil,
            shared: Bool.random(using: &g), version: Int.random(in: 1...100_000, using: &g),
            createdAt: Timestamp(micros: micros()), updatedAt: Timestamp(micros: micros()),
            createdBy: Bool.random(using: &g) ? .init(uuid()) : nil, updatedBy: Bool.random(using: &g) ? .init(uuid()) : nil,
            deletedAt: Bool.random(using: &g) ? Timestamp(micros: micros()) : nil)
    }

    static func check<E: Entity>(_ entity: E.Type, count: Int) {
        var g = SystemRandomNumberGenerator()
        for _ in 0..<count {
            let record = randomRecord(E.self, using: &g)
            let expected = JSONWriter.bytes(.object(record.json()))
            let written = record.jsonBytes()
            #expect(written == expected, "\(E.name): \(String(decoding: written, as: UTF8.self))")
        }
    }

    @Test func writesTheSameBytesAsTheJSONObjectForEveryEntity() {
        Self.check(Everything.self, count: 500)
        Self.check(Account.self, count: 200)
        Self.check(Contact.self, count: 200)
        Self.check(Activity.self, count: 200)
        Self.check(Todo.self, count: 200)
    }

    @Test func aFieldNamedLikeAMemberKeepsItsPlaceAndTheMembersValue() throws {
        var g = SystemRandomNumberGenerator()
        var record = Self.randomRecord(Everything.self, using: &g)
        record.values["version"] = .int(7)
        record.version = 3
        let text = String(decoding: record.jsonBytes(), as: UTF8.self)
        #expect(text.components(separatedBy: "\"version\":").count == 2)
        #expect(text.contains(#""version":3,"owner_id""#))
        let layout = RecordJSONLayout.of(Everything.self)
        // id, the fields, then the nine shared members less the one a field already placed.
        #expect(layout.members.count == 1 + Everything.fields.count + 8)
    }
}
