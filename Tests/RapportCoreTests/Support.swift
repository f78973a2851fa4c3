import RapportCore
import Testing

/// Reads changes for an entity from a JSON-like object, as the API would.
func read<E: Entity>(
    _ entity: E.Type, _ pairs: KeyValuePairs<String, JSONValue>, lenient: Bool = false, country: String = "US"
) -> (RecordChanges<E>, Result<Void, RapportError>) {
    var input = Input(JSONObject(pairs), lenient: lenient)
    let changes = RecordChanges<E>.read(&input, defaultCountry: country)
    do {
        try input.finish()
        return (changes, .success(()))
    } catch {
        return (changes, .failure(error))
    }
}

/// Reads changes that must be valid.
func valid<E: Entity>(
    _ entity: E.Type, _ pairs: KeyValuePairs<String, JSONValue>, lenient: Bool = false, country: String = "US",
    sourceLocation: SourceLocation = #_sourceLocation
) throws -> RecordChanges<E> {
    let (changes, result) = read(entity, pairs, lenient: lenient, country: country)
    if case .failure(let error) = result {
        Issue.record("unexpected invalid input: \(error)", sourceLocation: sourceLocation)
        throw error
    }
    return changes
}

/// The field issues of input that must be invalid.
func issues<E: Entity>(
    _ entity: E.Type, _ pairs: KeyValuePairs<String, JSONValue>, lenient: Bool = false,
    sourceLocation: SourceLocation = #_sourceLocation
) -> [FieldIssue] {
    let (_, result) = read(entity, pairs, lenient: lenient)
    guard case .failure(.invalid(let issues)) = result else {
        Issue.record("expected the input to be invalid, got \(result)", sourceLocation: sourceLocation)
        return []
    }
    return issues
}

/// Issues of a thrown error, or none when it is not a validation error.
func fieldIssues(_ error: (any Error)?) -> [FieldIssue] {
    if case .invalid(let issues)? = error as? RapportError { return issues }
    return []
}

/// A small deterministic random source (SplitMix64).
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
