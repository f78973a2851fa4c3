import Foundation
import RapportCore
import Testing

@Suite struct CursorTests {
    static let id = "0190a5c2-7b3e-7c1d-8a2b-3c4d5e6f7a8b"

    @Test(
        arguments: [
            Cursor(sortValue: .string("muller zoe"), id: id, backwards: false),
            Cursor(sortValue: .string("Zoë \"quoted\" / + = ?&"), id: id, backwards: true),
            Cursor(sortValue: .string(""), id: id.uppercased(), backwards: false),
            Cursor(sortValue: .int(1_763_806_421_123_456), id: id, backwards: false),
            Cursor(sortValue: .int(-1), id: id, backwards: true),
            Cursor(sortValue: .int(0), id: id, backwards: false),
            Cursor(sortValue: .int(1), id: id, backwards: true),
        ])
    func roundTrips(cursor: Cursor) throws {
        let text = cursor.encoded
        #expect(!text.contains("+") && !text.contains("/") && !text.contains("="), "not URL-safe: \(text)")
        #expect(try Cursor(decoding: text) == cursor)
    }

    static func encode(_ json: String) -> String {
        Data(json.utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    @Test(
        arguments: [
            "",
            "garbage!",
            "%%%%",
            "not base64 at all",
            encode("{}"),
            encode("[]"),
            encode("\"a\""),
            encode("[\"a\", \"\(id)\"]"),  // two parts
            encode("[\"a\", \"\(id)\", false, 1]"),  // four parts
            encode("[\"a\", \"not-a-uuid\", false]"),
            encode("[\"a\", 42, false]"),
            encode("[\"a\", \"\(id)\", \"false\"]"),
            encode("[true, \"\(id)\", false]"),  // a sort value that no sort uses
            encode("[null, \"\(id)\", false]"),
            encode("[[1], \"\(id)\", false]"),
            encode("[{\"a\": 1}, \"\(id)\", false]"),
            encode("[\"a\", \"\(id)\", false"),  // truncated JSON
            encode("[\"a\\u0000b\", \"\(id)\", false]"),  // a control character in the sort value
            encode("[\"" + String(repeating: "a", count: 600) + "\", \"\(id)\", false]"),  // too long
        ])
    func rejectsWhatItDidNotMake(text: String) {
        #expect(throws: RapportError.invalid(field: "cursor", reason: "is not a cursor this server made")) {
            try Cursor(decoding: text)
        }
    }

    @Test func rejectsATruncatedCursor() {
        let text = Cursor(sortValue: .string("adams zoe"), id: Self.id, backwards: false).encoded
        for length in [1, 4, text.count / 2, text.count - 3] {
            #expect(throws: RapportError.self) { try Cursor(decoding: String(text.prefix(length))) }
        }
    }

    @Test func rejectsATamperedID() throws {
        let text = Cursor(sortValue: .string("adams zoe"), id: Self.id, backwards: false).encoded
        let json = String(decoding: Data(base64Encoded: Self.padded(text))!, as: UTF8.self)
        let tampered = Self.encode(json.replacingOccurrences(of: "8a2b", with: "8x2b"))
        #expect(throws: RapportError.self) { try Cursor(decoding: tampered) }
    }

    static func padded(_ text: String) -> String {
        var b64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while b64.count % 4 != 0 { b64 += "=" }
        return b64
    }
}
