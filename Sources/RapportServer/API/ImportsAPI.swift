import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import RapportCore
import RapportStore

/// CSV imports over the API: upload a file (a draft), change its mapping and settings, preview it,
/// run it or dry-run it as a background job, follow its progress, download the rows it did not
/// import, revert it; and the saved mappings (templates).
struct ImportsAPI: Sendable {
    let store: Store
    let uploads: ImportUploads
    let maxBodyBytes: Int

    /// Media types an upload may be sent as.
    static let uploadTypes = ["text/csv", "text/plain", "application/csv", "application/octet-stream", "text/tab-separated-values"]

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.post("/api/v1/imports") { request, context in try await upload(request, context) }
        group.get("/api/v1/imports") { request, context in try await list(request, context) }
        group.get("/api/v1/imports/:id") { _, context in try await show(context) }
        group.patch("/api/v1/imports/:id") { request, context in try await change(request, context) }
        group.delete("/api/v1/imports/:id") { _, context in
            _ = try await store.imports.discard(try id(context), by: try context.requirePrincipal())
            return Response(status: .noContent)
        }
        group.get("/api/v1/imports/:id/preview") { request, context in try await preview(request, context) }
        group.post("/api/v1/imports/:id/run") { request, context in try await run(request, context) }
        group.post("/api/v1/imports/:id/cancel") { _, context in
            let batch = try await store.imports.cancel(try id(context), by: try context.requirePrincipal())
            return Response.json(.object(ImportJSON.batch(batch)), status: .accepted)
        }
        group.post("/api/v1/imports/:id/revert") { _, context in
            let batch = try await store.imports.requestRevert(try id(context), by: try context.requirePrincipal())
            return Response.json(.object(ImportJSON.batch(batch)), status: .accepted)
        }
        group.get("/api/v1/imports/:id/issues") { request, context in try await issues(request, context) }
        group.get("/api/v1/imports/:id/rejected.csv") { request, context in
            try await Self.rejectedCSV(store: store, id: try id(context), request: request, principal: try context.requirePrincipal())
        }
        group.get("/api/v1/import-templates") { request, context in try await templates(request, context) }
        group.post("/api/v1/import-templates") { request, context in try await saveTemplate(request, context) }
        group.delete("/api/v1/import-templates/:id") { _, context in
            guard let raw = context.parameters.get("id"), let id = UUID(uuidString: raw) else {
                throw RapportError.notFound(entity: "import template", id: context.parameters.get("id") ?? "")
            }
            try await store.imports.deleteTemplate(id, by: try context.requirePrincipal())
            return Response(status: .noContent)
        }
    }

    /// `POST /api/v1/imports?entity=contacts&file_name=people.csv` with the file as the body.
    func upload(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        try principal.requireWrite()
        var entity: String?
        var fileName = "upload.csv"
        var template: String?
        for (key, value) in request.uri.queryParameters {
            switch String(key) {
            case "entity": entity = String(value)
            case "file_name":
                let name = String(value).trimmingWhitespace()
                guard !name.isEmpty, name.count <= 255, !name.hasControlCharacters else {
                    throw RapportError.invalid(field: "file_name", reason: "must be 1 to 255 characters")
                }
                fileName = name
            case "template": template = String(value)
            default: throw RapportError.invalid(field: String(key), reason: "is not a known query parameter")
            }
        }
        let kind = try Self.kind(entity, store: store)
        let type = request.headers[.contentType]?.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased()
        guard let type, Self.uploadTypes.contains(type) else {
            throw Problem(status: .unsupportedMediaType, title: "Unsupported media type", detail: "Send the file as text/csv.")
        }
        let (path, _) = try await uploads.save(request.body, declaredLength: request.headers[.contentLength].flatMap(Int.init))
        let batch: ImportBatch
        do {
            batch = try await store.imports.createDraft(kind, path: path, fileName: fileName, template: template, ownsFile: true, by: principal)
        } catch {
            try? FileManager.default.removeItem(atPath: path)
            throw error
        }
        let body = ImportJSON.batch(batch, kind: kind, samples: store.imports.samples(batch))
        return Response.json(.object(body), status: .created, headers: [.location: "/api/v1/imports/\(batch.id)"])
    }

    func list(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        var entity: String?
        var cursor: String?
        var limit = 50
        for (key, value) in request.uri.queryParameters {
            switch String(key) {
            case "entity": entity = try Self.kind(String(value), store: store).table
            case "cursor": cursor = String(value)
            case "limit":
                guard let n = Int(String(value)), (1...200).contains(n) else {
                    throw RapportError.invalid(field: "limit", reason: "must be a whole number from 1 to 200")
                }
                limit = n
            default: throw RapportError.invalid(field: String(key), reason: "is not a known query parameter")
            }
        }
        let page = try await store.imports.list(entity: entity, cursor: cursor, limit: limit, by: principal)
        return .json(.object(JSONObject(["data": .array(page.items.map { .object(ImportJSON.batch($0)) }), "next_cursor": .string(page.nextCursor)])))
    }

    func show(_ context: AppRequestContext) async throws -> Response {
        let batch = try await store.imports.get(try id(context), by: try context.requirePrincipal())
        return .json(.object(ImportJSON.batch(batch, kind: store.imports.kind(batch.entity), samples: store.imports.samples(batch))))
    }

    func change(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        var request = request
        let object = try await request.jsonObject(limit: maxBodyBytes)
        let batch = try await store.imports.update(try id(context), with: object, by: principal)
        return .json(.object(ImportJSON.batch(batch, kind: store.imports.kind(batch.entity), samples: store.imports.samples(batch))))
    }

    func preview(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        var limit = 20
        for (key, value) in request.uri.queryParameters {
            guard key == "limit" else { throw RapportError.invalid(field: String(key), reason: "is not a known query parameter") }
            guard let n = Int(String(value)), (1...100).contains(n) else {
                throw RapportError.invalid(field: "limit", reason: "must be a whole number from 1 to 100")
            }
            limit = n
        }
        let preview = try await store.imports.preview(try id(context), limit: limit, by: try context.requirePrincipal())
        return .json(.object(ImportJSON.preview(preview)))
    }

    /// `POST …/run` with `{"dry_run": true}` for a dry run; a failed or cancelled import resumes.
    func run(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        var dryRun = false
        var request = request
        let buffer = try await request.bytes(limit: maxBodyBytes)
        if buffer.readableBytes > 0 {
            if let type = request.headers[.contentType], !type.lowercased().hasPrefix("application/json") {
                throw Problem(status: .unsupportedMediaType, title: "Unsupported media type", detail: "Send application/json.")
            }
            guard case .object(let object)? = try? JSONDecoder().decode(JSONValue.self, from: Data(buffer.readableBytesView)) else {
                throw RapportError.malformed("The body must be a JSON object.")
            }
            var input = Input(object)
            dryRun = input.bool("dry_run").applied(to: false)
            try input.finish()
        }
        let batch = try await store.imports.start(try id(context), dryRun: dryRun, by: principal)
        return Response.json(.object(ImportJSON.batch(batch)), status: .accepted)
    }

    func issues(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        var pass = "run"
        var after = -1
        var limit = 100
        for (key, value) in request.uri.queryParameters {
            let text = String(value)
            switch String(key) {
            case "pass":
                guard ["run", "dry", "revert"].contains(text) else { throw RapportError.invalid(field: "pass", reason: "must be run, dry or revert") }
                pass = text
            case "after":
                guard let n = Int(text), n >= 0, n < Int(Int32.max) else { throw RapportError.invalid(field: "after", reason: "must be a row number") }
                after = n
            case "limit":
                guard let n = Int(text), (1...1000).contains(n) else {
                    throw RapportError.invalid(field: "limit", reason: "must be a whole number from 1 to 1000")
                }
                limit = n
            default: throw RapportError.invalid(field: String(key), reason: "is not a known query parameter")
            }
        }
        let list = try await store.imports.issues(try id(context), pass: pass, afterRow: after, limit: limit, by: try context.requirePrincipal())
        return .json(.object(JSONObject(["data": .array(list.map { .object(ImportJSON.issue($0)) })])))
    }

    /// The rows not imported, as CSV, streamed as they are read.
    static func rejectedCSV(store: Store, id: ImportBatch.ID, request: Request, principal: Principal) async throws -> Response {
        var pass = "run"
        for (key, value) in request.uri.queryParameters {
            guard key == "pass", ["run", "dry"].contains(String(value)) else {
                throw RapportError.invalid(field: String(key), reason: key == "pass" ? "must be run or dry" : "is not a known query parameter")
            }
            pass = String(value)
        }
        let batch = try await store.imports.get(id, by: principal)
        let base = (batch.fileName as NSString).deletingPathExtension
        let name = (base.isEmpty ? "import" : base).filter { $0.isLetter || $0.isNumber || "-_. ".contains($0) }
        return Response(
            status: .ok,
            headers: [
                .contentType: "text/csv; charset=utf-8", .contentDisposition: "attachment; filename=\"\(name)-not-imported.csv\"",
                .cacheControl: "no-store",
            ],
            body: ResponseBody { [pass] writer in
                try await store.imports.rejectedRows(id, pass: pass, by: principal) { text in
                    try await writer.write(ByteBuffer(string: text))
                }
                try await writer.finish(nil)
            })
    }

    func templates(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        var entity: String?
        for (key, value) in request.uri.queryParameters {
            guard key == "entity" else { throw RapportError.invalid(field: String(key), reason: "is not a known query parameter") }
            entity = String(value)
        }
        let kind = try Self.kind(entity, store: store)
        let list = try await store.imports.templates(kind, by: principal)
        return .json(.object(JSONObject(["data": .array(list.map { .object($0.json) })])))
    }

    func saveTemplate(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        var request = request
        let object = try await request.jsonObject(limit: maxBodyBytes)
        var issues: [FieldIssue] = []
        for key in object.keys where !["entity", "name", "mapping"].contains(key) {
            issues.append(FieldIssue(field: key, reason: "is not a known field"))
        }
        let kind = try Self.kind(object["entity"]?.stringValue, store: store)
        var mapping: [String: String?] = [:]
        switch object["mapping"] {
        case .object(let o)?:
            for (header, target) in o {
                switch target {
                case .null: mapping[header] = .some(nil)
                case .string(let s): mapping[header] = s.isEmpty ? .some(nil) : s
                default: issues.append(FieldIssue(field: "mapping.\(header.prefix(100))", reason: "must be a target's name or null"))
                }
            }
        default: issues.append(FieldIssue(field: "mapping", reason: "must be an object from column names to targets"))
        }
        guard case .string(let name)? = object["name"] else {
            throw RapportError.invalid(issues + [FieldIssue(field: "name", reason: "is required")])
        }
        if !issues.isEmpty { throw RapportError.invalid(issues) }
        let template = try await store.imports.saveTemplate(kind, name: name, mapping: mapping, by: principal)
        return Response.json(.object(template.json), status: .created)
    }

    /// The importable entity a parameter names, or a problem listing them.
    static func kind(_ entity: String?, store: Store) throws(RapportError) -> ImportKind {
        guard let entity, let kind = store.imports.kind(entity) else {
            throw .invalid(field: "entity", reason: "must be one of: \(store.imports.kinds.map(\.table).joined(separator: ", "))")
        }
        return kind
    }

    func id(_ context: AppRequestContext) throws(RapportError) -> ImportBatch.ID {
        guard let raw = context.parameters.get("id"), let id = ImportBatch.ID(raw) else {
            throw .notFound(entity: "import", id: context.parameters.get("id") ?? "")
        }
        return id
    }
}
