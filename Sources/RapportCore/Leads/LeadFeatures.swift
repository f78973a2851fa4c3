import Foundation

/// The categorical features the conversion model learns from: the same things the scoring rules
/// look at (source, industry, country, size, seniority, email, engagement), each reduced to a
/// handful of values so a workspace's few hundred closed leads say something about each.
public enum LeadFeatures {
    /// Feature names in a fixed order (sums over them are then the same on every run).
    public static let names = [
        "source", "industry", "country", "size", "seniority", "email", "calls", "meetings", "inbound", "form_submissions",
    ]

    /// The features of a lead; a field left empty gives no feature (it is no evidence either way).
    public static func of(_ facts: LeadFacts) -> [String: String] {
        var features: [String: String] = [:]
        if let source = facts.values["source"]?.text { features["source"] = source }
        if let industry = facts.text("industry") { features["industry"] = SearchText.fold(industry) }
        if let country = facts.values["country"]?.text { features["country"] = country.uppercased() }
        if let employees = facts.values["employees"]?.int { features["size"] = sizeBand(employees) }
        if let title = facts.text("title") { features["seniority"] = seniority(title) }
        if let domain = facts.emailDomain { features["email"] = LeadFacts.freeMailDomains.contains(domain.lowercased()) ? "free" : "business" }
        let e = facts.engagement
        features["calls"] = e.calls == 0 ? "0" : e.calls == 1 ? "1" : "2+"
        features["meetings"] = e.meetings == 0 ? "0" : "1+"
        features["inbound"] = e.inbound == 0 ? "0" : "1+"
        features["form_submissions"] = e.formSubmissions == 0 ? "0" : "1+"
        return features
    }

    /// Company size bands as sales teams usually cut them.
    public static func sizeBand(_ employees: Int64) -> String {
        switch employees {
        case ..<11: "1-10"
        case ..<51: "11-50"
        case ..<201: "51-200"
        case ..<1001: "201-1000"
        case ..<5001: "1001-5000"
        default: "5001+"
        }
    }

    /// How senior a job title reads: executive, vp, director, manager or other.
    public static func seniority(_ title: String) -> String {
        let words = Set(SearchText.fold(title).split(whereSeparator: { !$0.isLetter }).map(String.init))
        let folded = SearchText.fold(title)
        if !words.isDisjoint(with: ["ceo", "cto", "cfo", "coo", "cio", "cmo", "chief", "founder", "cofounder", "owner", "president"])
            && !folded.contains("vice president")
        {
            return "executive"
        }
        if words.contains("vp") || words.contains("svp") || words.contains("evp") || folded.contains("vice president") { return "vp" }
        if words.contains("director") || folded.contains("head of") { return "director" }
        if words.contains("manager") || words.contains("lead") || words.contains("supervisor") { return "manager" }
        return "other"
    }

    /// A feature and its value as a clause people read after "because": "source is event".
    public static func describe(_ feature: String, _ value: String) -> String {
        switch feature {
        case "source": "source is \(value.replacingAll("_", with: " "))"
        case "industry": "industry is \(value)"
        case "country": "country is \(value)"
        case "size": "the company has \(value) employees"
        case "seniority": value == "other" ? "the title is below manager" : "the title is \(value == "vp" ? "VP" : value)-level"
        case "email": value == "free" ? "they write from a free email address" : "they write from a company address"
        case "calls": value == "0" ? "no call has been logged" : value == "1" ? "1 call was logged" : "2 or more calls were logged"
        case "meetings": value == "0" ? "no meeting has been held" : "a meeting was held"
        case "inbound": value == "0" ? "they have not reached out" : "they reached out to us"
        case "form_submissions": value == "0" ? "no web form was submitted" : "they submitted a web form"
        default: "\(feature) is \(value)"
        }
    }
}
