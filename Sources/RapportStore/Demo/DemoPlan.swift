import Foundation
import RapportCore

/// One account to create: what the API would be sent, plus who creates it.
struct DemoAccountPlan: Sendable {
    var id: Record<Account>.ID
    /// A name the story's updates and relations refer to it by.
    var key: String?
    var name: String
    var type: String
    var industry: String
    var country: DemoCountry
    var city: DemoCity
    var domain: String
    var street: String
    var postalCode: String
    var phones: [(number: String, label: String)]
    var emails: [(address: String, label: String)]
    var employees: Int?
    var revenue: Money?
    var parent: Int?
    var owner: DemoStaff
    var shared: Bool
    var description: String?

    var culture: DemoCulture { country.culture(of: city) }
    var mainPhone: String? { phones.first?.number }

    /// The body a client would POST to create the account.
    func input(parentID: Record<Account>.ID?, ownerID: User.ID, teamID: Team.ID) -> JSONObject {
        var o = JSONObject()
        o["name"] = .string(name)
        o["type"] = .string(type)
        o["industry"] = .string(industry)
        o["website"] = .string("https://www.\(domain)")
        o["phones"] = DemoJSON.labeled(phones.map { ($0.number, $0.label) }, key: "number")
        if !emails.isEmpty { o["emails"] = DemoJSON.labeled(emails.map { ($0.address, $0.label) }, key: "address") }
        o["street"] = .string(street)
        o["city"] = .string(city.name)
        o["region"] = .string(city.region)
        o["postal_code"] = .string(postalCode)
        o["country"] = .string(country.code)
        if let employees { o["employees"] = .int(Int64(employees)) }
        if let revenue {
            o["annual_revenue"] = .object(
                JSONObject(["amount_minor": .int(revenue.minor), "currency": .string(revenue.currency)]))
        }
        if let parentID { o["parent_id"] = .string(parentID.description) }
        if let description { o["description"] = .string(description) }
        o["owner_id"] = .string(ownerID.description)
        o["team_id"] = .string(teamID.description)
        o["shared"] = .bool(shared)
        return o
    }
}

/// One contact to create.
struct DemoContactPlan: Sendable {
    var id: Record<Contact>.ID
    var key: String?
    var account: Int
    var prefix: String?
    var first: String
    var last: String
    var title: String?
    var emails: [(address: String, label: String)]
    var phones: [(number: String, label: String)]
    var birthday: String?
    var timeZone: String
    var optOut: Bool
    var tags: [String]
    var country: String
    var description: String?

    func input(accountID: Record<Account>.ID, ownerID: User.ID, teamID: Team.ID, shared: Bool) -> JSONObject {
        var o = JSONObject()
        if let prefix { o["prefix"] = .string(prefix) }
        o["first_name"] = .string(first)
        o["last_name"] = .string(last)
        if let title { o["title"] = .string(title) }
        o["account_id"] = .string(accountID.description)
        if !emails.isEmpty { o["emails"] = DemoJSON.labeled(emails.map { ($0.address, $0.label) }, key: "address") }
        if !phones.isEmpty { o["phones"] = DemoJSON.labeled(phones.map { ($0.number, $0.label) }, key: "number") }
        if let birthday { o["birthday"] = .string(birthday) }
        o["time_zone"] = .string(timeZone)
        o["email_opt_out"] = .bool(optOut)
        if !tags.isEmpty { o["tags"] = .array(tags.map { .string($0) }) }
        o["country"] = .string(country)
        if let description { o["description"] = .string(description) }
        o["owner_id"] = .string(ownerID.description)
        o["team_id"] = .string(teamID.description)
        o["shared"] = .bool(shared)
        return o
    }
}

/// One relation between two planned accounts.
struct DemoRelationPlan: Sendable {
    var from: Int
    var kind: AccountRelationKind
    var to: Int
    var note: String
}

enum DemoJSON {
    /// `[{"number": "+1 …", "label": "work"}, …]`
    static func labeled(_ items: [(String, String)], key: String) -> JSONValue {
        .array(items.map { .object(JSONObject([key: .string($0.0), "label": .string($0.1)])) })
    }
}

/// Everything the demo will create, worked out before touching the database. Every choice comes
/// from one seeded generator in a fixed order, so the plan is the same on every run.
struct DemoPlan: Sendable {
    var teamIDs: [DemoTeam: Team.ID] = [:]
    var userIDs: [DemoStaff: User.ID] = [:]
    var accounts: [DemoAccountPlan] = []
    var contacts: [DemoContactPlan] = []
    var relations: [DemoRelationPlan] = []

    /// How many accounts of each type the demo has.
    static let accountTypes: [(type: String, count: Int)] = [
        ("customer", 130), ("prospect", 100), ("partner", 20), ("supplier", 15), ("distributor", 15),
        ("competitor", 10), ("other", 10),
    ]

    static func make() -> DemoPlan {
        var planner = DemoPlanner()
        planner.planPeople()
        planner.planStoryAccounts()
        planner.planGroups(count: 9)
        planner.planRemainingAccounts()
        planner.planContacts()
        planner.planRelations()
        return planner.plan
    }

    func account(_ key: String) -> Int? { accounts.firstIndex { $0.key == key } }
    func contact(_ key: String) -> Int? { contacts.firstIndex { $0.key == key } }
}
