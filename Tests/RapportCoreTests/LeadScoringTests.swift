import Foundation
import RapportCore
import Testing

@Suite struct LeadScoringTests {
    func rule(
        _ n: Int, _ kind: LeadScoreRule.Kind, _ field: String, _ op: LeadScoreRule.Operator, _ value: String = "", _ points: Int,
        max: Int? = nil, label: String = "", active: Bool = true
    ) -> LeadScoreRule {
        LeadScoreRule(
            id: ID(UUID(uuidString: "01900000-0000-7000-8000-0000000000\(n < 10 ? "0" : "")\(n)")!), kind: kind, field: field, op: op,
            value: value, points: points, maxPoints: max, label: label, position: n, active: active)
    }

    var rules: [LeadScoreRule] {
        [
            rule(0, .fit, "industry", .is, "Pharmaceuticals, Biotech", 20),
            rule(1, .fit, "title", .contains, "VP, Director", 10),
            rule(2, .fit, "employees", .between, "200-999", 15),
            rule(3, .fit, "email_domain", .is, "gmail.com, yahoo.com", -10),
            rule(4, .engagement, "calls", .each, "", 5, max: 15),
            rule(5, .engagement, "inbound", .each, "", 10),
            rule(6, .engagement, "form_submissions", .atLeast, "1", 8),
            rule(7, .fit, "country", .is, "DE", 50, active: false),
        ]
    }

    func facts(_ values: FieldValues, _ engagement: LeadEngagement = LeadEngagement()) -> LeadFacts {
        LeadFacts(values: values, engagement: engagement)
    }

    @Test func fitAndEngagementRulesAddUpWithTheirReasonsBiggestFirst() throws {
        let lead = facts(
            [
                "industry": .text("pharmaceuticals"), "title": .text("VP Sales"), "employees": .int(250),
                "emails": .emails([LabeledEmail(try EmailAddress("ann@gmail.com"))]), "country": .text("DE"),
            ], LeadEngagement(calls: 3, inbound: 1, formSubmissions: 1))
        let score = RuleScore.compute(rules, facts: lead)
        #expect(score.points == 20 + 15 + 15 + 10 - 10 + 10 + 8)
        #expect(
            score.reasons.map(\.line) == [
                "+20 industry is pharmaceuticals", "+15 employees 250 (200–999)", "+15 3 calls logged", "+10 title contains “VP”",
                "-10 email domain is gmail.com", "+10 they reached out once", "+8 1 web form submitted",
            ])
    }

    @Test func eachRulesStopAtTheirCapAndBetweenKeepsItsBounds() {
        let lead = facts(["employees": .int(1000)], LeadEngagement(calls: 7))
        let score = RuleScore.compute(rules, facts: lead)
        #expect(score.points == 15)
        #expect(score.reasons.map(\.line) == ["+15 7 calls logged"])
        let small = RuleScore.compute(rules, facts: facts(["employees": .int(200)]))
        #expect(small.reasons.map(\.line) == ["+15 employees 200 (200–999)"])
    }

    @Test func aLabelReplacesTheDescriptionAndEmptyOperatorsTestPresence() {
        let labelled = [
            rule(0, .fit, "industry", .is, "Pharmaceuticals", 20, label: "Target industry"),
            rule(1, .fit, "company", .isEmpty, "", -15), rule(2, .fit, "phones", .isSet, "", 5),
            rule(3, .fit, "source", .isNot, "bought_list", 5),
        ]
        let score = RuleScore.compute(labelled, facts: facts(["industry": .text("Pharmaceuticals"), "source": .text("event")]))
        #expect(score.reasons.map(\.line) == ["+20 Target industry", "-15 no company", "+5 source is event"])
        #expect(score.points == 10)
    }

    @Test func rulesThatMakeNoSenseAreRefusedNamingTheMember() {
        let cases: [(LeadScoreRule, String)] = [
            (rule(0, .fit, "salary", .is, "x", 5), "field"),
            (rule(0, .fit, "title", .each, "", 5), "operator"),
            (rule(0, .fit, "title", .contains, " , ", 5), "value"),
            (rule(0, .fit, "employees", .between, "500-100", 5), "value"),
            (rule(0, .engagement, "calls", .atLeast, "0", 5), "value"),
            (rule(0, .fit, "title", .contains, "VP", 5000), "points"),
            (rule(0, .engagement, "calls", .each, "", 5, max: -5), "max_points"),
        ]
        for (bad, field) in cases {
            let result = Result { () throws(RapportError) in try bad.validate() }
            guard case .failure(let error) = result else {
                Issue.record("\(bad.summary) should be refused")
                continue
            }
            #expect(error.fieldIssues.map(\.field) == [field])
        }
        #expect((try? rule(0, .fit, "employees", .between, "1000-", 5).validate()) != nil)
    }

    @Test func featuresReduceALeadToAFewValues() throws {
        let lead = facts(
            [
                "source": .text("event"), "industry": .text("Médical"), "country": .text("de"), "employees": .int(120),
                "title": .text("Head of Procurement"), "emails": .emails([LabeledEmail(try EmailAddress("jo@acme.io"))]),
            ], LeadEngagement(calls: 2, meetings: 1))
        #expect(
            LeadFeatures.of(lead) == [
                "source": "event", "industry": "medical", "country": "DE", "size": "51-200", "seniority": "director",
                "email": "business", "calls": "2+", "meetings": "1+", "inbound": "0", "form_submissions": "0",
            ])
        #expect(LeadFeatures.seniority("Chief Executive Officer") == "executive")
        #expect(LeadFeatures.seniority("Vice President, Sales") == "vp")
        #expect(LeadFeatures.seniority("Office Manager") == "manager")
        #expect(LeadFeatures.seniority("Intern") == "other")
    }
}

@Suite struct ConversionModelTests {
    /// Four converted and four disqualified leads:
    ///
    ///     converted:    event/DE, event/DE, event/FR, referral/DE
    ///     disqualified: bought_list/US, bought_list/DE, event/US, bought_list/US
    ///
    /// With add-one smoothing over three seen values plus one unseen (k = 4), every outcome has four
    /// leads with each feature, so P(value | outcome) = (count + 1) / 8:
    ///     source event:       P(·|conv) = 4/8, P(·|disq) = 2/8  → ln 2
    ///     source bought_list: 1/8 vs 4/8                         → ln 1/4
    ///     country DE:         4/8 vs 2/8                         → ln 2
    ///     country US:         1/8 vs 4/8                         → ln 1/4
    /// and the prior odds are (4 + 1) / (4 + 1) = 1.
    var model: ConversionModel {
        let rows: [(String, String, Bool)] = [
            ("event", "DE", true), ("event", "DE", true), ("event", "FR", true), ("referral", "DE", true),
            ("bought_list", "US", false), ("bought_list", "DE", false), ("event", "US", false), ("bought_list", "US", false),
        ]
        return ConversionModel.train(
            rows.map { .init(features: ["source": $0.0, "country": $0.1], converted: $0.2) }, at: Timestamp(micros: 0))
    }

    @Test func probabilitiesAreTheHandComputedOnes() {
        // ln 2 + ln 2 = ln 4: odds 4 to 1, 80 %.
        let good = model.predict(["source": "event", "country": "DE"])
        #expect(abs(good.probability - 0.8) < 1e-12)
        // ln 1/4 + ln 1/4: odds 1 to 16, 1/17.
        let poor = model.predict(["source": "bought_list", "country": "US"])
        #expect(abs(poor.probability - 1.0 / 17) < 1e-12)
        #expect(poor.percent == 6)
        // ln 2 + ln 1/4 = ln 1/2: a third.
        #expect(abs(model.predict(["source": "event", "country": "US"]).probability - 1.0 / 3) < 1e-12)
        // A value never seen in training is no evidence: only DE counts.
        let unseen = model.predict(["source": "partner", "country": "DE"])
        #expect(abs(unseen.probability - 2.0 / 3) < 1e-12)
        #expect(unseen.contributions.map(\.feature) == ["country"])
    }

    @Test func theTopReasonsAreTheStrongestFeaturesInFavourOrAgainst() {
        let good = model.predict(["source": "event", "country": "DE"])
        #expect(good.reasonsFor().map(\.text) == ["country is DE", "source is event"])
        #expect(good.summary == "model: 80%, chiefly because country is DE and source is event")
        let poor = model.predict(["source": "bought_list", "country": "DE"])
        // ln 1/4 + ln 2 = ln 1/2 → 33 %, held back by the bought list.
        #expect(poor.percent == 33)
        #expect(poor.reasonsAgainst().map(\.text) == ["source is bought list"])
        #expect(poor.summary == "model: 33%, chiefly because source is bought list")
    }

    @Test func thePriorFollowsTheOutcomesAndSmallHistoriesAreNotUsed() {
        #expect(!model.isUsable)
        let lopsided = ConversionModel.train(
            Array(repeating: .init(features: [:], converted: true), count: 5)
                + Array(repeating: .init(features: [:], converted: false), count: 9), at: Timestamp(micros: 0))
        #expect(lopsided.isUsable)
        // Odds (5 + 1) / (9 + 1) = 0.6: 37.5 %.
        #expect(abs(lopsided.predict([:]).probability - 0.375) < 1e-12)
    }

    @Test func trainingIsDeterministicAndSurvivesStorage() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let data = try encoder.encode(model)
        let back = try JSONDecoder().decode(ConversionModel.self, from: data)
        #expect(back == model)
        #expect(try encoder.encode(back) == data)
    }
}
