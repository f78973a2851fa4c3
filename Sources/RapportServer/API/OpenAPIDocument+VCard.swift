import Foundation
import RapportCore

extension OpenAPIDocument {
    /// vCard export and import of contacts: bodies that are `text/vcard`, not JSON.
    static func addVCards(paths: inout JSONObject, schemas: inout JSONObject) {
        let vcard: JSONValue = .object([
            "description": "vCards (RFC 6350), CRLF line ends, folded at 75 octets",
            "content": .object(["text/vcard": .object(["schema": str()])]),
        ])
        let version = query("version", enumOf(VCardVersion.allCases.map(\.rawValue)))
        schemas["VCardImportReport"] = obj(
            [
                "created": .object(["type": "array", "items": uuid()]),
                "skipped": .object([
                    "type": "array",
                    "items": obj(
                        [
                            "index": .object(["type": "integer", "minimum": 0]), "name": nullable(str()), "code": str(), "reason": str(),
                            "errors": .object([
                                "type": "array", "items": obj(["field": str(), "reason": str()], required: ["field", "reason"]),
                            ]),
                            "matches": .object(["type": "array", "items": uuid()]),
                        ], required: ["index", "name", "code", "reason"]),
                ]),
                "warnings": .object([
                    "type": "array",
                    "items": obj(
                        ["index": .object(["type": "integer", "minimum": 0]), "id": uuid(), "name": str(), "message": str()],
                        required: ["index", "id", "name", "message"]),
                ]),
            ], required: ["created", "skipped", "warnings"])

        var exportParams: [JSONValue] = [
            version, query("q", str(max: 200)),
            query("sort", enumOf(SortField.allCases.flatMap { [$0.rawValue, "-" + $0.rawValue] })),
            query("scope", enumOf(ListQuery.Scope.allCases.map(\.rawValue))), query("tag", str(max: 40)),
        ]
        for field in ListQuery.filterableFields(Contact.self) {
            let spec = Contact.field(field)
            let isBool = field == "shared" || spec?.kind == .bool
            exportParams.append(query("filter[\(field)]", isBool ? enumOf(["true", "false"]) : str(max: 200)))
        }
        paths["/api/v1/contacts/export.vcf"] = .object([
            "get": withSuccess(
                op("exportContactsVCard", "Every contact the filters match, as one vCard file", tag: "Contacts",
                   params: exportParams, responses: [:], errors: [401, 422]),
                "200", vcard)
        ])
        paths["/api/v1/contacts/{id}/vcard"] = .object([
            "parameters": .array([idParam]),
            "get": withSuccess(
                op("getContactVCard", "A contact as a vCard", tag: "Contacts", params: [version], responses: [:], errors: [401, 404, 422]),
                "200", vcard),
        ])
        var importOp = op(
            "importContactsVCard", "Create contacts from vCards (2.1, 3.0, 4.0); each card is created whole or skipped with its reason",
            tag: "Contacts",
            params: [query("duplicates", enumOf(DuplicatePolicy.allCases.map(\.rawValue))), header("Idempotency-Key", str(max: 200))],
            responses: ["200": ref("VCardImportReport")], errors: [400, 401, 403, 409, 413, 415, 422])
        if case .object(var o) = importOp {
            let text: JSONValue = .object(["schema": str()])
            o["requestBody"] = .object([
                "required": true,
                "content": .object(["text/vcard": text, "text/x-vcard": text, "text/directory": text]),
            ])
            importOp = .object(o)
        }
        paths["/api/v1/contacts/import"] = .object(["post": importOp])
    }

    /// An operation with a success response that is not JSON.
    static func withSuccess(_ operation: JSONValue, _ code: String, _ response: JSONValue) -> JSONValue {
        guard case .object(var o) = operation, case .object(var responses)? = o["responses"] else { return operation }
        responses[code] = response
        o["responses"] = .object(responses)
        return .object(o)
    }
}
