import Foundation
import RapportCore

extension DemoPlanner {
    /// About forty relations, ten or more of each kind: partners working at customers, suppliers
    /// shipping to distributors, distributors that also carry a competitor's line, subsidiaries.
    mutating func planRelations() {
        var seen: Set<String> = []
        func add(_ from: Int?, _ kind: AccountRelationKind, _ to: Int?, _ note: String) {
            guard let from, let to, from != to, seen.insert("\(from) \(kind.rawValue) \(to)").inserted else { return }
            plan.relations.append(DemoRelationPlan(from: from, kind: kind, to: to, note: note))
        }
        func count(_ kind: AccountRelationKind) -> Int { plan.relations.filter { $0.kind == kind }.count }
        let accounts = plan.accounts
        func all(_ type: String, where test: (DemoAccountPlan) -> Bool = { _ in true }) -> [Int] {
            accounts.indices.filter { accounts[$0].type == type && test(accounts[$0]) }
        }

        add(
            plan.account("sondergaard"), .partnerOf, plan.account("rheinfeld"),
            "Calibrates the TitraMax fleet at all Rheinfeld plants.")
        add(
            plan.account("brightwell"), .distributorFor, plan.account("kestrel"),
            "Carries Kestrel's UV-Vis line alongside ours; watch their discounts.")
        add(plan.account("rheinfeld-us"), .subsidiaryOf, plan.account("rheinfeld"), "Wholly owned since 2016.")
        add(plan.account("rheinfeld-fr"), .subsidiaryOf, plan.account("rheinfeld"), "Wholly owned.")
        add(
            plan.account("rheinfeld"), .supplierTo, plan.account("alcazar"),
            "Supplies solvents and reagents to both Alcázar plants.")

        // Partners at customers in the same territory, where the same rep can introduce them.
        let customers = all("customer")
        for partner in random.shuffled(all("partner")) where count(.partnerOf) < 12 {
            let local = customers.filter { accounts[$0].owner == accounts[partner].owner }
            let customer = random.pick(local.isEmpty ? customers : local)
            let note =
                switch accounts[partner].industry {
                case "Calibration Services": "Calibrates their instruments on our behalf."
                case "Systems Integration": "Integrator on the \(accounts[customer].city.name) site rollout."
                case "Laboratory Software": "Built their LIMS interface to our instruments."
                default: "Ran IQ/OQ validation for their new lab."
                }
            add(partner, .partnerOf, customer, note)
        }

        let distributors = all("distributor")
        for supplier in random.shuffled(all("supplier")).prefix(5) {
            add(
                supplier, .supplierTo, random.pick(distributors),
                "Ships spare \(random.pick(DemoCompanies.components)) straight to their warehouse.")
        }
        let chemicals = all("customer") { $0.industry == "Chemicals" }
        let pharma = all("customer") { $0.industry == "Pharmaceuticals" || $0.industry == "Biotechnology" }
        for _ in 0..<20 where count(.supplierTo) < 8 && !chemicals.isEmpty && !pharma.isEmpty {
            add(
                random.pick(chemicals), .supplierTo, random.pick(pharma),
                "Supplies reagents; both labs run our titrators.")
        }

        let competitors = all("competitor")
        for distributor in random.shuffled(distributors) where count(.distributorFor) < 6 {
            let competitor = random.pick(competitors)
            let brand = DemoStory.competitors.first { $0.name == accounts[competitor].name }?.shortName ?? "their"
            add(distributor, .distributorFor, competitor, "Also carries \(brand)'s line.")
        }
        let software = all("partner") { $0.industry == "Laboratory Software" || $0.industry == "Systems Integration" }
        for _ in 0..<20 where count(.distributorFor) < 10 && !software.isEmpty {
            add(
                random.pick(distributors), .distributorFor, random.pick(software),
                "Resells their LIMS connector together with our instruments.")
        }

        for sub in accounts.indices where accounts[sub].parent != nil && count(.subsidiaryOf) < 10 {
            add(sub, .subsidiaryOf, accounts[sub].parent, "Wholly owned subsidiary.")
        }
    }
}
