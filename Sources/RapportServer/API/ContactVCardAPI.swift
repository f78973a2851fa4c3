import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import RapportCore
import RapportStore

/// Contacts as vCards over the API: one card, an export of a filtered list, an import.
struct ContactVCardAPI: Sendable {
    let store: Store

    /// Media types an import accepts: RFC 6350's, the older `x-` one, and RFC 2425's.
    static let importTypes = ["text/vcard", "text/x-vcard", "text/directory"]

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        let export = ContactVCardExport(store: store)
        group.get("/api/v1/contacts/export.vcf") { request, context in
            try await export.export(params: request.uri.queryParameters, by: try context.requirePrincipal())
        }
        group.get("/api/v1/contacts/:id/vcard") { request, context in
            guard let raw = context.parameters.get("id"), let id = Record<Contact>.ID(raw) else {
                throw RapportError.notFound(entity: Contact.name, id: context.parameters.get("id") ?? "")
            }
            return try await export.card(id, params: request.uri.queryParameters, by: try context.requirePrincipal())
        }
        group.post("/api/v1/contacts/import") { request, context in try await importCards(request, context) }
    }

    func importCards(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        try principal.requireWrite()
        var duplicates = DuplicatePolicy.skip
        for (key, value) in request.uri.queryParameters {
            guard key == "duplicates" else { throw RapportError.invalid(field: String(key), reason: "is not a known query parameter") }
            duplicates = try DuplicatePolicy.read(String(value))
        }
        let type = request.headers[.contentType]?.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased()
        guard let type, Self.importTypes.contains(type) else {
            throw Problem(status: .unsupportedMediaType, title: "Unsupported media type", detail: "Send text/vcard.")
        }
        var request = request
        let buffer = try await request.bytes(limit: Uploads.maxBytes)
        guard buffer.readableBytes > 0 else { throw RapportError.malformed("The body is empty; send one or more vCards.") }
        let bytes = Array(buffer.readableBytesView)

        // A retried import with the same key gets the first answer instead of a second import.
        let scope = "user:\(principal.userID?.description ?? "system"):contacts-import:\(duplicates.rawValue)"
        let key = request.headers[.idempotencyKey]
        var requestHash = ""
        if let key {
            guard !key.isEmpty, key.count <= 200 else {
                throw RapportError.invalid(field: "Idempotency-Key", reason: "must be 1 to 200 characters")
            }
            requestHash = SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
            if let stored = try await store.idempotency.lookup(scope: scope, key: key) {
                guard stored.requestHash == requestHash else {
                    throw RapportError.conflict("This Idempotency-Key was used with a different request body.")
                }
                return Response(
                    status: .init(code: stored.status),
                    headers: [.contentType: "application/json; charset=utf-8", .idempotentReplayed: "true"],
                    body: .init(byteBuffer: ByteBuffer(string: stored.body)))
            }
        }
        let report = try await ContactVCardImport(store: store).run(bytes, duplicates: duplicates, by: principal)
        let body = JSONWriter.string(report.json)
        if let key {
            try await store.idempotency.save(
                scope: scope, key: key, response: StoredResponse(requestHash: requestHash, status: 200, body: body, location: ""))
        }
        return Response(
            status: .ok, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: body)))
    }
}
