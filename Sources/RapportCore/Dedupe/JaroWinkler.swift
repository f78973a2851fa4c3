/// Jaro-Winkler similarity of two strings, 0 (nothing alike) to 1 (equal).
///
/// Chosen for names because it forgives the mistakes people make typing them (a transposition,
/// a dropped or doubled letter) and weighs an agreeing start more, the way names are recognised.
public enum JaroWinkler {
    public static func similarity(_ a: String, _ b: String) -> Double {
        similarity(Array(a.unicodeScalars), Array(b.unicodeScalars))
    }

    static func similarity(_ s1: [Unicode.Scalar], _ s2: [Unicode.Scalar]) -> Double {
        if s1 == s2 { return 1 }
        if s1.isEmpty || s2.isEmpty { return 0 }
        let window = max(0, max(s1.count, s2.count) / 2 - 1)
        var matched1 = [Bool](repeating: false, count: s1.count)
        var matched2 = [Bool](repeating: false, count: s2.count)
        var matches = 0
        for i in s1.indices {
            let low = max(0, i - window)
            let high = min(s2.count - 1, i + window)
            guard low <= high else { continue }
            for j in low...high where !matched2[j] && s1[i] == s2[j] {
                matched1[i] = true
                matched2[j] = true
                matches += 1
                break
            }
        }
        guard matches > 0 else { return 0 }
        var halfTranspositions = 0
        var k = 0
        for i in s1.indices where matched1[i] {
            while !matched2[k] { k += 1 }
            if s1[i] != s2[k] { halfTranspositions += 1 }
            k += 1
        }
        let m = Double(matches)
        let jaro = (m / Double(s1.count) + m / Double(s2.count) + (m - Double(halfTranspositions) / 2) / m) / 3
        // Winkler's boost for a common prefix (up to four characters), only for strings already alike.
        guard jaro > 0.7 else { return jaro }
        var prefix = 0
        for (x, y) in zip(s1, s2).prefix(4) {
            guard x == y else { break }
            prefix += 1
        }
        return jaro + Double(prefix) * 0.1 * (1 - jaro)
    }
}
