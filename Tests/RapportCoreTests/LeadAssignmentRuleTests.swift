import Foundation
import RapportCore
import Testing

@Suite struct LeadAssignmentRuleTests {
    let ann = User.ID(UUID(uuidString: "01900000-0000-7000-8000-00000000a001")!)
    let bob = User.ID(UUID(uuidString: "01900000-0000-7000-8000-00000000a002")!)
    let cem = User.ID(UUID(uuidString: "01900000-0000-7000-8000-00000000a003")!)

    func rule(_ n: Int, _ build: (inout LeadAssignmentRule) -> Void) -> LeadAssignmentRule {
        var rule = LeadAssignmentRule(
            id: ID(UUID(uuidString: "01900000-0000-7000-8000-00000000b00\(n)")!), name: "Rule \(n)", position: n, userIDs: [ann])
        build(&rule)
        return rule
    }

    @Test func everyConditionMustHold() {
        let dach = rule(1) {
            $0.countries = ["DE", "AT", "CH"]
            $0.sources = ["web_form", "event"]
        }
        #expect(dach.matches(["country": .text("AT"), "source": .text("event")]))
        #expect(!dach.matches(["country": .text("AT"), "source": .text("bought_list")]))
        #expect(!dach.matches(["country": .text("FR"), "source": .text("event")]))
        #expect(!dach.matches(["source": .text("event")]))
    }

    @Test func regionsIgnoreCaseAndAccentsAndPostcodesCompareTheirBeginning() {
        let south = rule(1) { $0.regions = ["Bayern", "Baden-Württemberg"] }
        #expect(south.matches(["region": .text("baden-wurttemberg")]))
        #expect(!south.matches(["region": .text("Berlin")]))
        let london = rule(2) { $0.postalPrefixes = ["sw1", "EC"] }
        #expect(london.matches(["postal_code": .text("SW1A 1AA")]))
        #expect(london.matches(["postal_code": .text("ec2m 7pp")]))
        #expect(!london.matches(["postal_code": .text("N1 9GU")]))
        #expect(!london.matches([:]))
    }

    @Test func theFirstActiveMatchingRuleInOrderWins() {
        let rules = [
            rule(3) { _ in },  // the catch-all at the bottom
            rule(1) {
                $0.countries = ["DE"]
                $0.active = false
            },
            rule(2) { $0.countries = ["DE", "AT"] },
        ]
        #expect(LeadAssignmentRule.firstMatch(rules, for: ["country": .text("DE")])?.name == "Rule 2")
        #expect(LeadAssignmentRule.firstMatch(rules, for: ["country": .text("US")])?.name == "Rule 3")
        #expect(LeadAssignmentRule.firstMatch(Array(rules.dropFirst()), for: ["country": .text("US")]) == nil)
    }

    @Test func roundRobinGoesThroughTheMembersInTurn() {
        let members = [ann, bob, cem]
        #expect((0..<7).compactMap { LeadAssignmentRule.pick(members, assigned: $0) } == [ann, bob, cem, ann, bob, cem, ann])
        #expect(LeadAssignmentRule.pick([], assigned: 3) == nil)
    }

    @Test func aRuleNeedsSomeoneToAssignToAndRealConditions() {
        let nobody = rule(1) { $0.userIDs = [] }
        let result = Result { () throws(RapportError) in try nobody.validate() }
        guard case .failure(let error) = result else {
            Issue.record("a rule without people should be refused")
            return
        }
        #expect(error.fieldIssues.map(\.field) == ["user_ids"])
        let bad = rule(2) {
            $0.countries = ["Germany"]
            $0.sources = ["fax"]
        }
        let second = Result { () throws(RapportError) in try bad.validate() }
        guard case .failure(let issues) = second else { return }
        #expect(issues.fieldIssues.map(\.field) == ["countries[0]", "sources[0]"])
        #expect(rule(3) { $0.countries = ["DE"]; $0.postalPrefixes = ["8"] }.conditionsSummary == "Country is DE · postcode starts with 8")
    }
}
