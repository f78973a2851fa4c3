import Foundation
import RapportCore
import Testing

@Suite struct JSONWriterTests {
    @Test(
        arguments: [
            ("plain", #""plain""#),
            ("say \"hi\"", #""say \"hi\"""#),
            ("back\\slash", #""back\\slash""#),
            ("a\nb\rc\td", #""a\nb\rc\td""#),
            ("\u{0}\u{1}\u{1F}", #""\u0000\u0001\u001f""#),
            ("\u{8}\u{C}", #""\u0008\u000c""#),
            ("</script><b>&amp;", #""\u003c/script\u003e\u003cb\u003e\u0026amp;""#),
            ("Zoë 🎉 東京", "\"Zoë 🎉 東京\""),
            ("\u{7F}", "\"\u{7F}\""),
            ("\u{2028}", "\"\u{2028}\""),
        ])
    func escapesStrings(text: String, json: String) throws {
        #expect(JSONWriter.string(.string(text)) == json)
        let parsed = try JSONSerialization.jsonObject(with: Data(JSONWriter.bytes(.string(text))), options: .fragmentsAllowed)
        #expect(parsed as? String == text)
    }

    @Test func outputNeverContainsRawMarkupCharacters() {
        let json = JSONWriter.string(.object(JSONObject(["<key>": .string("<script>alert('&')</script>")])))
        #expect(!json.contains("<") && !json.contains(">") && !json.contains("&"))
    }

    @Test func writesEveryKindOfValueAndKeepsKeyOrder() throws {
        var object = JSONObject()
        object["z"] = .int(Int64.min)
        object["a"] = .array([.null, .bool(true), .bool(false), .double(1.5), .int(0)])
        object["m"] = .object(JSONObject(["q\"uote": .string("x")]))
        object["inf"] = .double(.infinity)
        #expect(
            JSONWriter.string(.object(object))
                == #"{"z":-9223372036854775808,"a":[null,true,false,1.5,0],"m":{"q\"uote":"x"},"inf":null}"#)
        let parsed = try #require(
            try JSONSerialization.jsonObject(with: Data(JSONWriter.bytes(.object(object)))) as? [String: Any])
        #expect(parsed["z"] as? Int64 == Int64.min)
        #expect((parsed["m"] as? [String: Any])?["q\"uote"] as? String == "x")
        #expect(parsed["inf"] is NSNull)
    }

    @Test func everyControlCharacterRoundTrips() throws {
        let text = String(String.UnicodeScalarView((0..<0x20).compactMap(Unicode.Scalar.init))) + "\"\\<>&"
        let bytes = JSONWriter.bytes(.array([.string(text)]))
        #expect(!bytes.contains { $0 < 0x20 })
        let parsed = try JSONSerialization.jsonObject(with: Data(bytes)) as? [String]
        #expect(parsed == [text])
    }

    @Test func decodesBackToTheSameValue() throws {
        let value = JSONValue.object(
            JSONObject([
                "name": .string("Zoë <Adams> & \"Co\"\n"), "n": .int(42), "list": .array([.string("a"), .null, .bool(true)]),
                "nested": .object(JSONObject(["x": .int(-1)])),
            ]))
        let decoded = try JSONDecoder().decode(JSONValue.self, from: Data(JSONWriter.bytes(value)))
        guard case .object(let object) = decoded else {
            Issue.record("not an object: \(decoded)")
            return
        }
        #expect(object["name"] == .string("Zoë <Adams> & \"Co\"\n"))
        #expect(object["n"] == .int(42))
        #expect(object["list"] == .array([.string("a"), .null, .bool(true)]))
        #expect(object["nested"] == .object(JSONObject(["x": .int(-1)])))
    }
}

@Suite struct JSONObjectTests {
    @Test func objectsAreEqualWhateverTheirKeyOrder() {
        let ab = JSONObject(["a": .int(1), "b": .string("x")])
        let ba = JSONObject(["b": .string("x"), "a": .int(1)])
        #expect(ab == ba)
        #expect(Set([JSONValue.object(ab), .object(ba)]).count == 1)
        #expect(ab != JSONObject(["a": .int(1), "b": .string("y")]))
        #expect(ab != JSONObject(["a": .int(1)]))
        // Output keeps the order the keys were set in.
        #expect(JSONWriter.string(.object(ba)) == #"{"b":"x","a":1}"#)
    }

    @Test func aDecodedObjectEqualsTheOneWritten() throws {
        var object = JSONObject()
        for key in ["zeta", "alpha", "mu", "beta", "omega", "address", "label"] { object[key] = .string(key) }
        let decoded = try JSONDecoder().decode(JSONValue.self, from: Data(JSONWriter.bytes(.object(object))))
        #expect(decoded == .object(object))
    }

    @Test func removingAKeyForgetsIt() {
        var object = JSONObject(["a": .int(1), "b": .int(2)])
        object["a"] = nil
        #expect(object.keys == ["b"])
        #expect(object == JSONObject(["b": .int(2)]))
        object["b"] = .int(3)
        #expect(object.keys == ["b"])
        #expect(object["b"] == .int(3))
    }
}
