import ArgumentParser
import Foundation
import RapportCore
import RapportServer
import RapportStore

/// `rapport bench-data`: fills an empty database with a deterministic benchmark workspace, fast.
///
/// Users, teams, the API token and the 50-change history of one contact go through the ordinary
/// stores; the bulk (N contacts, N/5 accounts, their contact points, search documents, about five
/// activities per contact, some follow-up tasks and the `created` events) goes through `BulkLoader`'s
/// batched INSERTs. Two contacts beside the record-page one get exactly 10,000 and 10 activities.
/// Files the benchmark reads are written to the data folder: `bench-token`, `bench-contact`,
/// `bench-heavy-contact`, `bench-light-contact`, `bench-ids` and `bench-info.json`.
struct BenchData: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-data",
        abstract: "Generate a deterministic benchmark workspace into an empty database (bulk SQL load).")

    @OptionGroup var store: StoreOptions
    @Option(help: "Contacts to generate: 100k, 1m or a number (accounts are a fifth of it).") var size: String = "100k"
    @Option(help: "Seed of the generator: the same seed gives the same data.") var seed: UInt64 = 42

    /// Every bench user's password.
    static let password = "rapport-bench"
    /// Activities per contact on average (issue 3: 5M for 1M contacts).
    static let activitiesPerContact = 5

    static func parseSize(_ text: String) -> Int? {
        let t = text.lowercased().replacingOccurrences(of: "_", with: "")
        if t.hasSuffix("k"), let n = Double(t.dropLast()) { return Int(n * 1_000) }
        if t.hasSuffix("m"), let n = Double(t.dropLast()) { return Int(n * 1_000_000) }
        return Int(t)
    }

    func validate() throws {
        guard let n = Self.parseSize(size), n >= 10, n <= 20_000_000 else {
            throw ValidationError("--size must be 100k, 1m or a number of contacts from 10 to 20m")
        }
    }

    func run() async throws {
        let contacts = Self.parseSize(size)!
        let started = Date()
        let config = store.config()
        let store = try await self.store.openStore(logger: CLILog.make())
        do {
            try await generate(contacts: contacts, into: store, dataDirectory: config.dataDirectory)
        } catch {
            await store.db.close()
            throw error
        }
        await store.db.close()
        Console.print(String(format: "Done in %.1f s.", Date().timeIntervalSince(started)))
    }

    func generate(contacts: Int, into store: Store, dataDirectory: String) async throws {
        let existing = try await BulkLoader.recordCount(store.db)
        guard existing == 0 else {
            throw ValidationError(
                "The database already holds \(existing) accounts and contacts; bench-data needs an empty one (a new --data-dir or database).")
        }
        try FileManager.default.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true)
        var workspace = try await store.directory.defaultWorkspace()
        workspace.name = "Bench Instruments"
        try await store.directory.updateWorkspace(workspace)

        // People: an admin, and two sales teams of a manager and three reps each. bcrypt cost 4: these
        // passwords are known anyway, and signing in should not dominate a benchmark's set-up.
        let hash = try await Passwords(cost: 4).hash(Self.password)
        let sales = try await store.directory.team(named: "Sales", in: workspace.id)
        let east = try await store.directory.team(named: "Sales East", in: workspace.id, parent: sales.id)
        let west = try await store.directory.team(named: "Sales West", in: workspace.id, parent: sales.id)
        func user(_ name: String, _ role: Role, _ team: Team) async throws -> User {
            let email = name.lowercased().split(separator: " ").joined(separator: ".") + "@bench.rapport.test"
            return try await store.directory.createUser(
                email: try EmailAddress(email), name: name, passwordHash: hash, role: role, team: team.id,
                in: workspace.id)
        }
        let admin = try await user("Bench Admin", .admin, sales)
        let managers = [try await user("Grace Whitman", .manager, east), try await user("Omar Haddad", .manager, west)]
        let reps = [
            try await user("Ava Thompson", .rep, east), try await user("Liam Becker", .rep, east),
            try await user("Noor Rahman", .rep, east), try await user("Mateo Garcia", .rep, west),
            try await user("Emma Larsen", .rep, west), try await user("Kenji Sato", .rep, west),
        ]

        // The record-page contact sits in the middle; two of its account's other people get a timeline of
        // exactly 10,000 and 10 activities (same owner, so the same person can open all three).
        let benchIndex = contacts / 2
        let groupStart = benchIndex / 5 * 5
        let heavyIndex = min(contacts - 1, groupStart + (benchIndex % 5 + 1) % 5)
        let lightIndex = min(contacts - 1, groupStart + (benchIndex % 5 + 2) % 5)
        let purposes = try await store.purposes.all(in: workspace.id).filter { !$0.retired }
        var loader = BulkLoader(contacts: contacts, seed: seed, workspace: workspace.id, owners: reps.map(BulkOwner.init))
        loader.activityPlan = BulkActivityPlan(
            perContact: Self.activitiesPerContact, tasksPerHundred: 10, purposes: purposes.map(\.id.uuid),
            fixed: [heavyIndex: 10_000, lightIndex: 10])
        Console.print(
            "Generating \(loader.contactCount) contacts, \(loader.accountCount) accounts and about \(loader.contactCount * Self.activitiesPerContact) activities (seed \(seed), \(store.db.dialect.rawValue))…")
        Console.print("Leads and deals: not in the schema yet, so none are generated.")
        let summary = try await loader.load(into: store.db) { Console.print($0) }
        Console.print(
            String(
                format: "Loaded %d rows (%d accounts, %d contacts, %d contact points, %d search documents, %d activities, %d tasks, %d events) in %.1f s: %.0f rows/s, %d transactions, %d statements.",
                summary.rows, summary.accounts, summary.contacts, summary.contactPoints, summary.searchDocs,
                summary.activities, summary.tasks, summary.events, summary.seconds, Double(summary.rows) / max(summary.seconds, 0.001),
                summary.transactions, summary.statements))
        let analyzeStart = Date()
        try await BulkLoader.analyze(store.db)

        // The record-page contact: one in the middle, with 50 changes by its owner through the store.
        let benchContact = loader.contact(at: benchIndex)
        let ownerID = benchContact.ownerID ?? reps[0].id
        let owner = reps.first { $0.id == ownerID } ?? reps[0]
        let principal = try await store.directory.principal(for: owner)
        var record = try await store.contacts.get(benchContact.id, by: principal)
        for n in 1...50 {
            record = try await store.contacts.update(
                record.id, Self.change(n, of: record), expecting: record.version, by: principal)
        }

        let (_, secret) = try await store.tokens.create(for: admin, name: "bench")
        let sampleCount = min(2_000, contacts)
        let sample = (0..<sampleCount).map { loader.contact(at: $0 * contacts / sampleCount).id.description }

        func write(_ name: String, _ text: String) throws {
            try (text + "\n").write(
                toFile: (dataDirectory as NSString).appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        try write("bench-token", secret)
        try write("bench-contact", record.id.description)
        try write("bench-heavy-contact", loader.contact(at: heavyIndex).id.description)
        try write("bench-light-contact", loader.contact(at: lightIndex).id.description)
        try write("bench-ids", sample.joined(separator: "\n"))
        let people = ([admin] + managers + reps).map { user in
            JSONValue.object(
                JSONObject([
                    "id": .string(user.id.description), "email": .string(user.email.value), "name": .string(user.name),
                    "role": .string(user.role.rawValue),
                ]))
        }
        let info = JSONObject([
            "size": .string(size), "contacts": .int(Int64(summary.contacts)), "accounts": .int(Int64(summary.accounts)),
            "contact_points": .int(Int64(summary.contactPoints)), "search_docs": .int(Int64(summary.searchDocs)),
            "activities": .int(Int64(summary.activities)), "tasks": .int(Int64(summary.tasks)),
            "heavy_contact": .string(loader.contact(at: heavyIndex).id.description), "heavy_activities": .int(10_000),
            "light_contact": .string(loader.contact(at: lightIndex).id.description), "light_activities": .int(10),
            "purpose_id": .string(purposes.first?.id.description ?? ""),
            "events": .int(Int64(summary.events + 50)), "seed": .string(String(seed)),
            "database": .string(store.db.dialect.rawValue), "load_seconds": .double((summary.seconds * 10).rounded() / 10),
            "rows_per_second": .int(Int64(Double(summary.rows) / max(summary.seconds, 0.001))),
            "password": .string(Self.password), "api_user": .string(admin.email.value),
            "web_user": .string(owner.email.value), "filter_owner_id": .string(owner.id.description),
            "bench_contact": .string(record.id.description), "bench_contact_version": .int(Int64(record.version)),
            "users": .array(people), "not_generated": .string("leads, deals: not in the schema yet"),
            "generated_at": .string(Timestamp.now().iso8601),
        ])
        try write("bench-info.json", JSONWriter.string(.object(info)))
        Console.print(
            String(
                format: "Statistics, 50 changes to contact %@ and the API token took %.1f s.", record.id.description,
                Date().timeIntervalSince(analyzeStart)))
        Console.print("Users (password \"\(Self.password)\"): \(admin.email.value) (admin, API token), \(owner.email.value) (owns the record-page contact).")
        Console.print(
            "Wrote bench-token, bench-contact, bench-heavy-contact, bench-light-contact, bench-ids and bench-info.json to \(dataDirectory).")
    }

    /// The n-th of the record-page contact's 50 changes: titles, tags, notes, phones and places in turn.
    static func change(_ n: Int, of record: Record<Contact>) -> RecordChanges<Contact> {
        var changes = RecordChanges<Contact>()
        let titles = ["Laboratory Manager", "Head of Quality Control", "Director of R&D", "Site Director", "VP Operations"]
        let cities = ["Boston", "Lyon", "München", "Osaka", "Toronto", "Manchester", "Uppsala", "Kraków"]
        switch n % 5 {
        case 0: changes.values["title"] = .some(.text(titles[(n / 5) % titles.count] + (n > 25 ? ", EMEA" : "")))
        case 1:
            let tags = ["decision-maker", "technical", "newsletter", "vip", "champion", "trade-show"]
            changes.values["tags"] = .some(.tags([tags[n % tags.count], tags[(n / 5) % tags.count], "round-\(n)"]))
        case 2:
            changes.values["description"] = .some(
                .text("Call \(n): discussed the renewal of the service contract and next quarter's calibration visits."))
        case 3:
            var phones = record["phones"]?.phones ?? []
            phones = Array(phones.prefix(1))
            phones.append(LabeledPhone(PhoneNumber(trusted: "+1617555\(String(format: "%04d", 100 + n))"), label: "mobile"))
            changes.values["phones"] = .some(.phones(phones))
        default:
            changes.values["city"] = .some(.text(cities[n % cities.count]))
            changes.values["email_opt_out"] = .some(.bool(n % 2 == 0))
        }
        return changes
    }
}
