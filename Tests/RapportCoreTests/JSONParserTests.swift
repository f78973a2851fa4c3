import Foundation
import RapportCore
import Testing

/// The hand-written parser reads what `JSONDecoder` read into a `JSONValue` (the event log's
/// changes, request bodies, cursors were all read that way).
@Suite struct JSONParserTests {
    static func decoded(_ text: String) -> JSONValue? { try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8)) }

    @Test(arguments: [
        "null", "true", "false", "0", "-0", "1", "-1", "42", "9223372036854775807", "-9223372036854775808",
        "9223372036854775808", "-9223372036854775809", "1.5", "-2.25", "2.0", "1e2", "1E+2", "1.5e-3", "0.1", "123456789012345678901234567890",
        "1e400", "\"\"", "\"plain\"", "\"say \\\"hi\\\"\"", "\"a\\nb\\rc\\td\\b\\f\\/\\\\\"", "\"\\u00e9\\u0041\"", "\"\\ud83c\\udf89\"",
        "\"Zoë 🎉 東京\"", "[]", "{}", "[1,[2,[3]],{\"a\":null}]", "{\"a\":1,\"b\":[true,false],\"c\":{\"d\":\"e\"}}",
        " { \"a\" : [ 1 , 2 ] } ", "\n[\t1\r]\n",
        // Not JSON.
        "", " ", "nul", "tru", "[1,]", "{\"a\":1,}", "[1 2]", "{\"a\" 1}", "{a:1}", "'a'", "01", "1.", ".5", "-", "+1", "1e", "0x10",
        "\"unterminated", "\"bad \\x escape\"", "\"\\ud83c\"", "\"\\udf89\"", "\"\\u12\"", "[1]]", "{}{}", "NaN", "Infinity",
        "\"raw\ttab\"", "[", "{", "{\"a\":}", "// comment\n1", "[,1]", "{,}", "[1,,]", "[1 ,]", "{\"a\":1 , }",
    ])
    func readsWhatJSONDecoderReads(text: String) {
        #expect(JSONParser.parse(text) == Self.decoded(text), "\(text.debugDescription)")
    }

    @Test func readsBackWhatTheWriterWrites() {
        var generator = SystemRandomNumberGenerator()
        let strings = ["", "plain", "Zoë \"quoted\" <b>&</b>", "line\nbreak\ttab\r", "\u{1}\u{1F}\u{7F}", "東京 🎉", "back\\slash", "\u{2028}"]
        func value(_ depth: Int) -> JSONValue {
            switch Int.random(in: 0..<(depth > 3 ? 5 : 7), using: &generator) {
            case 0: return .null
            case 1: return .bool(Bool.random(using: &generator))
            case 2: return .int(Int64.random(in: Int64.min...Int64.max, using: &generator))
            case 3: return .int(Int64.random(in: -1000...1000, using: &generator))
            case 4: return .string(strings[Int.random(in: 0..<strings.count, using: &generator)])
            case 5: return .array((0..<Int.random(in: 0...4, using: &generator)).map { _ in value(depth + 1) })
            default:
                var object = JSONObject()
                for i in 0..<Int.random(in: 0...4, using: &generator) { object["k\(i)\(strings[i % strings.count])"] = value(depth + 1) }
                return .object(object)
            }
        }
        for _ in 0..<2_000 {
            let v = value(0)
            let text = JSONWriter.string(v)
            #expect(JSONParser.parse(text) == v, "\(text)")
            #expect(JSONParser.parse(text) == Self.decoded(text), "\(text)")
        }
    }

    @Test func eventChangesReadBackInFieldOrder() {
        let event = Event(
            id: .make(), workspaceID: .make(), at: .now(), actorID: nil, actorName: "Sam", entity: "contact", recordID: "x",
            action: .updated,
            changes: [
                FieldChange(field: "title", before: .string("CTO"), after: .string("CEO <&>")),
                FieldChange(field: "emails", before: .array([]), after: .array([.object(JSONObject(["address": "a@b.c", "label": "work"]))])),
                FieldChange(field: "employees", before: .null, after: .int(12)),
            ], version: 2)
        let stored = JSONWriter.string(event.changesJSON)
        let parsed = JSONParser.parse(stored).map(Event.changes(from:))
        #expect(parsed == event.changes.sorted { $0.field < $1.field })
    }
}
