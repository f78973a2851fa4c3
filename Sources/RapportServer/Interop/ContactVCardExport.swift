import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import RapportCore
import RapportStore

/// Contacts as vCard files, for the API and the web pages alike.
struct ContactVCardExport: Sendable {
    let store: Store

    static let mediaType = "text/vcard; charset=utf-8"
    /// Contacts fetched and written per step of an export; only one page is ever in memory.
    static let pageSize = 200

    /// `version=3.0|4.0`, 4.0 when absent.
    static func version(_ params: Parameters) throws(RapportError) -> VCardVersion {
        guard let raw = params.get("version"), !raw.isEmpty else { return .v4 }
        guard let version = VCardVersion(rawValue: raw) else {
            throw .invalid(field: "version", reason: "must be 3.0 or 4.0")
        }
        return version
    }

    /// One contact's card.
    func card(_ id: Record<Contact>.ID, params: Parameters, by principal: Principal) async throws -> Response {
        for (key, _) in params where key != "version" {
            throw RapportError.invalid(field: String(key), reason: "is not a known query parameter")
        }
        let version = try Self.version(params)
        let record = try await store.contacts.get(id, by: principal)
        let names = try await accountNames(for: [record], by: principal)
        let text = ContactVCard.card(for: record, accountName: record["account_id"]?.uuid.flatMap { names[$0] }, version: version)
            .serialized()
        return Response(
            status: .ok, headers: Self.headers(filename: record.title),
            body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    /// Every contact the list query matches, streamed page by page along the list's keyset.
    /// Takes the list's `q`, `filter[…]`, `tag`, `sort` and `scope`, and `version`.
    func export(params: Parameters, by principal: Principal) async throws -> Response {
        let version = try Self.version(params)
        for (key, _) in params where key == "limit" || key == "cursor" {
            throw RapportError.invalid(field: String(key), reason: "is not a parameter of an export, which has every matching contact")
        }
        var query = try ListQuery(Parameters(params.filter { $0.key != "version" }), for: Contact.self)
        query.limit = Self.pageSize
        // The first page is read before answering, so a bad filter is still a problem response.
        let first = try await store.contacts.list(query, by: principal)
        let firstText = try await text(of: first.items, version: version, by: principal)
        let exporter = self
        let base = query
        let body = ResponseBody { writer in
            try await writer.write(ByteBuffer(string: firstText))
            var next = first.nextCursor
            while let cursor = next {
                var pageQuery = base
                pageQuery.cursor = try Cursor(decoding: cursor)
                let page = try await exporter.store.contacts.list(pageQuery, by: principal)
                try await writer.write(ByteBuffer(string: try await exporter.text(of: page.items, version: version, by: principal)))
                next = page.nextCursor
            }
            try await writer.finish(nil)
        }
        let day = String(Timestamp.now().iso8601.prefix(10))
        return Response(status: .ok, headers: Self.headers(filename: "contacts-\(day)"), body: body)
    }

    func text(of records: [Record<Contact>], version: VCardVersion, by principal: Principal) async throws -> String {
        let names = try await accountNames(for: records, by: principal)
        var text = ""
        for record in records {
            let account = record["account_id"]?.uuid.flatMap { names[$0] }
            text += ContactVCard.card(for: record, accountName: account, version: version).serialized()
        }
        return text
    }

    /// Names of the accounts the records point at that the principal can see (others are left out).
    func accountNames(for records: [Record<Contact>], by principal: Principal) async throws -> [UUID: String] {
        let ids = Set(records.compactMap { $0["account_id"]?.uuid })
        let accounts = try await store.accounts.get(many: ids.map { Record<Account>.ID($0) }, by: principal)
        return Dictionary(accounts.map { ($0.id.uuid, $0.title) }, uniquingKeysWith: { a, _ in a })
    }

    /// A download: the vCard type, a file name in ASCII and in UTF-8 (RFC 6266), never cached.
    static func headers(filename: String) -> HTTPFields {
        let ascii = String(filename.folding(options: .diacriticInsensitive, locale: nil).unicodeScalars.filter { $0.isASCII && ($0.properties.isAlphabetic || $0.properties.numericType != nil || " -_.".unicodeScalars.contains($0)) })
            .trimmingWhitespace()
        var allowed = CharacterSet.alphanumerics.intersection(CharacterSet(charactersIn: Unicode.Scalar(0)..<Unicode.Scalar(128)))
        allowed.insert(charactersIn: "-._~")
        let encoded = (filename + ".vcf").addingPercentEncoding(withAllowedCharacters: allowed) ?? "contact.vcf"
        return [
            .contentType: mediaType,
            .contentDisposition: "attachment; filename=\"\(ascii.isEmpty ? "contact" : ascii).vcf\"; filename*=UTF-8''\(encoded)",
            .cacheControl: "no-store",
        ]
    }
}
