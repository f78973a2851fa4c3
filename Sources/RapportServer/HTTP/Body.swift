import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import RapportCore

extension Request {
    /// The whole body, refusing more than `limit` bytes with 413.
    mutating func bytes(limit: Int) async throws -> ByteBuffer {
        if let length = headers[.contentLength].flatMap(Int.init), length > limit {
            throw RapportError.tooLarge(limit: limit)
        }
        do {
            return try await collectBody(upTo: limit)
        } catch is NIOTooManyBytesError {
            throw RapportError.tooLarge(limit: limit)
        }
    }

    /// The body as a JSON object: 400 when it is not JSON or not an object, 415 for another media type.
    mutating func jsonObject(limit: Int) async throws -> JSONObject {
        if let type = headers[.contentType], !type.lowercased().hasPrefix("application/json"),
            !type.lowercased().contains("+json")
        {
            throw Problem(status: .unsupportedMediaType, title: "Unsupported media type", detail: "Send application/json.")
        }
        let buffer = try await bytes(limit: limit)
        guard buffer.readableBytes > 0 else { throw RapportError.malformed("The body is empty; send a JSON object.") }
        let parsed = buffer.readableBytesView.withUnsafeBytes { raw in
            JSONParser.parse(utf8: raw.bindMemory(to: UInt8.self))
        }
        guard let value = parsed else { throw RapportError.malformed("The body is not valid JSON.") }
        guard case .object(let object) = value else { throw RapportError.malformed("The body must be a JSON object.") }
        return object
    }

    /// The body of an HTML form (`application/x-www-form-urlencoded`) as a map of strings;
    /// repeated names keep the last value.
    mutating func formPairs(limit: Int) async throws -> [(String, String)] {
        let buffer = try await bytes(limit: limit)
        return FormData.pairs(String(buffer: buffer))
    }

    mutating func form(limit: Int) async throws -> [String: String] {
        let buffer = try await bytes(limit: limit)
        return FormData.parse(String(buffer: buffer))
    }
}

/// URL-encoded form and query parsing.
enum FormData {
    /// The fields of a form; a repeated name keeps its last value.
    static func parse(_ text: String) -> [String: String] {
        var result: [String: String] = [:]
        for (key, value) in pairs(text) { result[key] = value }
        return result
    }

    /// Every name and value of a form in order, repeated names included (checkbox groups).
    static func pairs(_ text: String) -> [(String, String)] {
        text.split(separator: "&", omittingEmptySubsequences: true).compactMap { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = decode(parts[0])
            return key.isEmpty ? nil : (key, parts.count > 1 ? decode(parts[1]) : "")
        }
    }

    static func decode(_ s: Substring) -> String {
        let plusless = s.replacingOccurrences(of: "+", with: " ")
        return plusless.removingPercentEncoding ?? plusless
    }

    /// Percent-encodes a query value.
    static func encode(_ s: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return s.addingPercentEncoding(withAllowedCharacters: allowed) ?? s
    }

    /// Builds a query string from pairs, skipping empty values.
    static func query(_ pairs: [(String, String?)]) -> String {
        let parts = pairs.compactMap { k, v -> String? in
            guard let v, !v.isEmpty else { return nil }
            return "\(encode(k))=\(encode(v))"
        }
        return parts.isEmpty ? "" : "?" + parts.joined(separator: "&")
    }
}

extension Response {
    /// A JSON response from a `JSONValue`.
    static func json(_ value: JSONValue, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        var headers = headers
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: JSONWriter.bytes(value))))
    }

    /// A JSON response from bytes already written (`Record.jsonBytes()`, a list page).
    static func json(bytes: [UInt8], status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        var headers = headers
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    /// A 303 redirect, the answer to a successful form POST.
    static func seeOther(_ location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location])
    }
}
