import Foundation

/// The headers of one form part: the field's name, and for a file its name and media type.
struct MultipartPartHead: Equatable {
    var name: String
    var filename: String?
    var contentType: String?

    init(name: String, filename: String? = nil, contentType: String? = nil) {
        self.name = name
        self.filename = filename
        self.contentType = contentType
    }

    /// Parses the header block (lines separated by CRLF); a part must say
    /// `Content-Disposition: form-data; name="…"`.
    init(_ bytes: [UInt8]) throws(MultipartParser.Failure) {
        guard let text = String(bytes: bytes, encoding: .utf8) else {
            throw MultipartParser.Failure(reason: "a part's headers are not UTF-8")
        }
        var disposition: String?
        var contentType: String?
        for line in text.components(separatedBy: "\r\n") where !line.isEmpty {
            guard let colon = line.firstIndex(of: ":") else {
                throw MultipartParser.Failure(reason: "a part has a header line without a colon")
            }
            let key = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            switch key {
            case "content-disposition": disposition = value
            case "content-type": contentType = value
            default: continue
            }
        }
        guard let disposition else { throw MultipartParser.Failure(reason: "a part has no Content-Disposition") }
        let parameters = Self.parameters(disposition)
        guard parameters.first?.0 == "form-data", let name = parameters.first(where: { $0.0 == "name" })?.1, !name.isEmpty
        else { throw MultipartParser.Failure(reason: "a part is not form-data with a name") }
        self.name = name
        self.filename = parameters.first { $0.0 == "filename" }?.1
        self.contentType = contentType
    }

    /// `form-data; name="a"; filename="b \"c\".vcf"` → [("form-data", ""), ("name", "a"), ("filename", "b \"c\".vcf")].
    static func parameters(_ text: String) -> [(String, String)] {
        var result: [(String, String)] = []
        var chars = Substring(text)
        func skipSpace() { chars = chars.drop { $0 == " " || $0 == "\t" } }
        while !chars.isEmpty {
            skipSpace()
            let key = chars.prefix { $0 != "=" && $0 != ";" }
            chars = chars.dropFirst(key.count)
            var value = ""
            if chars.first == "=" {
                chars = chars.dropFirst()
                skipSpace()
                if chars.first == "\"" {
                    chars = chars.dropFirst()
                    var escaping = false
                    while let c = chars.first {
                        chars = chars.dropFirst()
                        if escaping {
                            value.append(c)
                            escaping = false
                        } else if c == "\\" {
                            escaping = true
                        } else if c == "\"" {
                            break
                        } else {
                            value.append(c)
                        }
                    }
                    chars = chars.drop { $0 != ";" }
                } else {
                    value = String(chars.prefix { $0 != ";" }).trimmingCharacters(in: .whitespaces)
                    chars = chars.drop { $0 != ";" }
                }
            }
            if chars.first == ";" { chars = chars.dropFirst() }
            let name = key.trimmingCharacters(in: .whitespaces).lowercased()
            if !name.isEmpty { result.append((name, value)) }
        }
        return result
    }
}

/// A file from a form.
struct UploadedFile: Equatable {
    var filename: String
    var contentType: String?
    var bytes: [UInt8]
}

/// A whole `multipart/form-data` body: its text fields and its files.
struct MultipartForm {
    /// Text fields by name; a repeated name keeps the last value.
    var fields: [String: String] = [:]
    /// Files by field name; a repeated name keeps the first file.
    var files: [String: UploadedFile] = [:]

    /// Text fields are small; anything larger is not a form field someone typed.
    static let maxFieldBytes = 64 * 1024

    /// Parses a body already in memory (its size was limited while it was read).
    init(_ body: some Sequence<UInt8>, boundary: String) throws(MultipartParser.Failure) {
        var parser = try MultipartParser(boundary: boundary)
        var head: MultipartPartHead?
        var bytes: [UInt8] = []
        for event in try parser.feed(body) {
            switch event {
            case .partStart(let h):
                head = h
                bytes = []
            case .bytes(let chunk):
                bytes += chunk
                if head?.filename == nil, bytes.count > Self.maxFieldBytes {
                    throw MultipartParser.Failure(reason: "the field “\(head?.name ?? "")” is too long")
                }
            case .partEnd:
                guard let h = head else { continue }
                if let filename = h.filename {
                    if files[h.name] == nil { files[h.name] = UploadedFile(filename: filename, contentType: h.contentType, bytes: bytes) }
                } else {
                    guard let text = String(bytes: bytes, encoding: .utf8) else {
                        throw MultipartParser.Failure(reason: "the field “\(h.name)” is not UTF-8 text")
                    }
                    fields[h.name] = text
                }
                head = nil
            }
        }
        try parser.finish()
    }
}
