import Foundation

/// Country names ⇄ ISO 3166 codes, for formats that write countries as words (vCard addresses).
public enum CountryNames {
    /// The English name of a code (`DE` → `Germany`), or the code itself when unknown.
    public static func name(of code: String) -> String {
        let upper = code.uppercased()
        if let plain = plainNames[upper] { return plain }
        return Locale(identifier: "en_US").localizedString(forRegionCode: upper) ?? upper
    }

    /// Where the system's name is a diplomatic qualifier rather than what an address says.
    static let plainNames = ["CN": "China"]

    /// The code a name or code stands for, in English or a few other common languages, ignoring case
    /// and accents (`Deutschland`, `germany`, `de` → `DE`); `nil` when it names no country.
    public static func code(for text: String) -> String? {
        let key = SearchText.fold(text.trimmingWhitespace()).replacingAll(".", with: "")
        if key.count == 2, key.allSatisfy({ $0.isASCII && $0.isLetter }) {
            let code = key.uppercased()
            return codes.contains(code) ? code : nil
        }
        return byName[key]
    }

    static let codes: Set<String> = Set(
        Locale.Region.isoRegions.map(\.identifier).filter { $0.count == 2 && $0.allSatisfy(\.isLetter) })

    static let byName: [String: String] = {
        var names: [String: String] = [
            "usa": "US", "united states of america": "US", "uk": "GB", "great britain": "GB", "england": "GB",
            "scotland": "GB", "wales": "GB", "holland": "NL", "the netherlands": "NL", "czech republic": "CZ",
            "south korea": "KR", "korea": "KR", "russia": "RU", "uae": "AE", "china": "CN", "中国": "CN", "prc": "CN",
            "people's republic of china": "CN",
        ]
        for language in ["en_US", "de_DE", "fr_FR", "es_ES", "it_IT", "pt_PT", "nl_NL", "sv_SE", "ja_JP", "zh_CN"] {
            let locale = Locale(identifier: language)
            for code in codes.sorted() {
                guard let name = locale.localizedString(forRegionCode: code) else { continue }
                let key = SearchText.fold(name).replacingAll(".", with: "")
                if names[key] == nil { names[key] = code }
            }
        }
        return names
    }()
}
