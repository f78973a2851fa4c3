import Foundation
@testable import RapportServer
import Testing

@Suite struct MultipartParserTests {
    static let boundary = "----RapportBoundary7MA4YWxkTrZu0gW"

    /// A form as browsers send it: CRLF line ends, parts in form order.
    static func body(_ parts: [(name: String, filename: String?, type: String?, content: [UInt8])], preamble: String = "", epilogue: String = "") -> [UInt8] {
        var out = Array(preamble.utf8)
        for part in parts {
            out += Array("--\(boundary)\r\n".utf8)
            var disposition = "Content-Disposition: form-data; name=\"\(part.name)\""
            if let filename = part.filename { disposition += "; filename=\"\(filename)\"" }
            out += Array((disposition + "\r\n").utf8)
            if let type = part.type { out += Array("Content-Type: \(type)\r\n".utf8) }
            out += Array("\r\n".utf8) + part.content + Array("\r\n".utf8)
        }
        out += Array("--\(boundary)--\r\n\(epilogue)".utf8)
        return out
    }

    /// A file whose bytes look like boundaries and line breaks without being one.
    static let tricky: [UInt8] = Array("BEGIN:VCARD\r\n--\(boundary.dropLast())\r\n\r\n--\r\n".utf8) + [0, 0xFF, 0x0D, 0x0A, 0x2D, 0x2D] + Array("北京\r\nEND:VCARD".utf8)

    static let sample = body([
        ("_csrf", nil, nil, Array("token-123".utf8)),
        ("duplicates", nil, nil, Array("create".utf8)),
        ("file", "Zoë's \\\"cards\\\".vcf", "text/vcard", tricky),
    ])

    func events(_ bytes: [UInt8], chunk: Int) throws -> [MultipartParser.Event] {
        var parser = try MultipartParser(boundary: Self.boundary)
        var events: [MultipartParser.Event] = []
        var index = 0
        while index < bytes.count {
            events += try parser.feed(bytes[index..<min(bytes.count, index + chunk)])
            index += chunk
        }
        try parser.finish()
        return events
    }

    /// Consecutive byte events merged, so results compare whatever the chunk size.
    func merged(_ events: [MultipartParser.Event]) -> [MultipartParser.Event] {
        var out: [MultipartParser.Event] = []
        for event in events {
            if case .bytes(let b) = event, case .bytes(let a)? = out.last {
                out[out.count - 1] = .bytes(a + b)
            } else {
                out.append(event)
            }
        }
        return out
    }

    @Test func readsFieldsAndFiles() throws {
        let form = try MultipartForm(Self.sample, boundary: Self.boundary)
        #expect(form.fields == ["_csrf": "token-123", "duplicates": "create"])
        let file = try #require(form.files["file"])
        #expect(file.filename == "Zoë's \"cards\".vcf")
        #expect(file.contentType == "text/vcard")
        #expect(file.bytes == Self.tricky)
    }

    @Test(arguments: [1, 2, 3, 7, 38, 39, 40, 64, 1000, 100_000])
    func anyChunkingGivesTheSameParts(_ chunk: Int) throws {
        let whole = merged(try events(Self.sample, chunk: Self.sample.count))
        #expect(merged(try events(Self.sample, chunk: chunk)) == whole)
        #expect(whole.count == 9)
        #expect(whole.first == .partStart(MultipartPartHead(name: "_csrf")))
    }

    @Test func ignoresPreambleEpilogueAndPaddingAfterBoundaries() throws {
        var bytes = Self.body([("a", nil, nil, Array("1".utf8))], preamble: "This is a preamble.\r\n", epilogue: "bye")
        let padded = String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: "\(Self.boundary)\r\n", with: "\(Self.boundary)  \t\r\n")
        bytes = Array(padded.utf8)
        let form = try MultipartForm(bytes, boundary: Self.boundary)
        #expect(form.fields == ["a": "1"])
    }

    @Test func readsAnEmptyFileInputAsAFileWithNoName() throws {
        let form = try MultipartForm(Self.body([("file", "", "application/octet-stream", [])]), boundary: Self.boundary)
        #expect(form.files["file"] == UploadedFile(filename: "", contentType: "application/octet-stream", bytes: []))
    }

    @Test(arguments: [
        ("cut short", Array(sample.dropLast(12))),
        ("LF line ends", Array(String(decoding: sample, as: UTF8.self).replacingOccurrences(of: "\r\n", with: "\n").utf8)),
        ("no disposition", Array("--\(boundary)\r\nContent-Type: text/plain\r\n\r\nx\r\n--\(boundary)--\r\n".utf8)),
        ("not form-data", Array("--\(boundary)\r\nContent-Disposition: attachment; name=\"a\"\r\n\r\nx\r\n--\(boundary)--\r\n".utf8)),
        ("junk after boundary", Array("--\(boundary)junk\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nx\r\n--\(boundary)--\r\n".utf8)),
        ("headers too long", Array("--\(boundary)\r\nX: \(String(repeating: "a", count: 9000))\r\n\r\nx\r\n--\(boundary)--\r\n".utf8)),
        ("empty", []),
    ])
    func refusesWhatIsNotAWellFormedForm(_ name: String, _ bytes: [UInt8]) {
        #expect(throws: MultipartParser.Failure.self, "\(name)") { try MultipartForm(bytes, boundary: Self.boundary) }
    }

    @Test func refusesTooManyParts() {
        let parts = (0...MultipartParser.maxParts).map { (name: "f\($0)", filename: String?.none, type: String?.none, content: [UInt8]()) }
        #expect(throws: MultipartParser.Failure.self) { try MultipartForm(Self.body(parts), boundary: Self.boundary) }
    }

    @Test func refusesAnOverlongTextField() {
        let big = [UInt8](repeating: 0x61, count: MultipartForm.maxFieldBytes + 1)
        #expect(throws: MultipartParser.Failure.self) { try MultipartForm(Self.body([("note", nil, nil, big)]), boundary: Self.boundary) }
    }

    @Test func holdsBackOnlyWhatCouldStartABoundary() throws {
        var parser = try MultipartParser(boundary: Self.boundary)
        let head = Array("--\(Self.boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.vcf\"\r\n\r\n".utf8)
        _ = try parser.feed(head)
        let events = try parser.feed([UInt8](repeating: 0x41, count: 10_000))
        let emitted = events.reduce(0) { n, e in if case .bytes(let b) = e { n + b.count } else { n } }
        #expect(emitted == 10_000 - (Self.boundary.utf8.count + 4 - 1))
        #expect(!parser.isComplete)
    }

    @Test(arguments: [
        ("multipart/form-data; boundary=abc", "abc"),
        ("Multipart/Form-Data; charset=utf-8; boundary=\"a b:c\"", "a b:c"),
        ("multipart/form-data", nil),
        ("application/x-www-form-urlencoded", nil),
    ] as [(String, String?)])
    func readsTheBoundaryFromTheContentType(_ header: String, _ boundary: String?) {
        #expect(MultipartParser.boundary(contentType: header) == boundary)
    }
}
