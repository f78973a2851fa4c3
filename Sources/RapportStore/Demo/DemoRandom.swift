import Foundation
import RapportCore

/// SplitMix64: a tiny generator whose output depends only on its seed.
///
/// The demo must come out the same on every machine, database and Swift version. The standard
/// library's generators are unseeded and its `random(in:using:)` algorithms may change between
/// releases, so every draw below goes through this type's own arithmetic.
struct DemoRandom: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in `0..<bound` (multiply-shift; its tiny bias does not matter for demo data).
    mutating func below(_ bound: Int) -> Int {
        precondition(bound > 0)
        return Int(next().multipliedFullWidth(by: UInt64(bound)).high)
    }

    mutating func int(_ range: ClosedRange<Int>) -> Int { range.lowerBound + below(range.count) }

    /// `true` with the given probability in percent.
    mutating func chance(_ percent: Int) -> Bool { below(100) < percent }

    mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }

    /// An index into `weights`, chosen in proportion to them.
    mutating func weighted(_ weights: [Int]) -> Int {
        var roll = below(weights.reduce(0, +))
        for (i, w) in weights.enumerated() {
            if roll < w { return i }
            roll -= w
        }
        return weights.count - 1
    }

    /// The items in a random order (Fisher–Yates).
    mutating func shuffled<T>(_ items: [T]) -> [T] {
        var result = items
        guard result.count > 1 else { return result }
        for i in stride(from: result.count - 1, to: 0, by: -1) { result.swapAt(i, below(i + 1)) }
        return result
    }

    /// The pattern with every `#` replaced by a random digit and every `@` by a capital letter.
    mutating func fill(_ pattern: String) -> String {
        var out = ""
        for ch in pattern {
            switch ch {
            case "#": out.append(Character(String(below(10))))
            case "@": out.append(Character(UnicodeScalar(UInt8(65 + below(26)))))
            default: out.append(ch)
            }
        }
        return out
    }
}

/// Hands out time-ordered, reproducible IDs: a fixed base time plus one millisecond per ID, with
/// the random bits from a seeded generator of their own, so changing the data leaves IDs alone.
struct DemoIDs {
    /// 2025-01-06T08:00:00Z, the day Northwind started using Rapport.
    static let baseMilliseconds: UInt64 = 1_736_150_400_000
    private var generator = DemoRandom(seed: 0x5EED_1D5)
    private var next: UInt64 = 0

    mutating func make<T>(_ type: T.Type = T.self) -> RapportCore.ID<T> {
        next += 1
        return RapportCore.ID(UUIDv7.make(milliseconds: Self.baseMilliseconds + next, using: &generator))
    }
}
