import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import RapportCore
import RapportStore

/// The JSON API of one entity: list, get, create, update, delete, restore, history.
struct RecordsAPI<E: WebEntity>: Sendable {
    let store: Store
    let records: RecordStore<E>
    let maxBodyBytes: Int

    /// `/api/v1/accounts` for accounts.
    static var collection: String { "/api/v1/\(E.table)" }

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        let base = Self.collection
        group.get(RouterPath(base)) { request, context in try await list(request, context) }
        group.post(RouterPath(base)) { request, context in try await create(request, context) }
        group.get(RouterPath("\(base)/:id")) { _, context in try await get(context) }
        group.patch(RouterPath("\(base)/:id")) { request, context in try await update(request, context) }
        group.delete(RouterPath("\(base)/:id")) { request, context in try await delete(request, context) }
        group.post(RouterPath("\(base)/:id/restore")) { _, context in try await restore(context) }
        group.get(RouterPath("\(base)/:id/history")) { request, context in try await history(request, context) }
    }

    func list(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let query = try ListQuery(request.uri.queryParameters, for: E.self)
        let page = try await records.listJSON(query, by: principal)
        return .json(bytes: Self.listBody(page))
    }

    /// `{"data":[…],"next_cursor":…,"previous_cursor":…}` around a page's records, already JSON.
    static func listBody(_ page: JSONPage) -> [UInt8] {
        var body: [UInt8] = []
        body.reserveCapacity(page.data.count + 300)
        body.append(contentsOf: #"{"data":"#.utf8)
        body.append(contentsOf: page.data)
        body.append(contentsOf: #","next_cursor":"#.utf8)
        JSONWriter.write(.string(page.nextCursor), into: &body)
        body.append(contentsOf: #","previous_cursor":"#.utf8)
        JSONWriter.write(.string(page.previousCursor), into: &body)
        body.append(UInt8(ascii: "}"))
        return body
    }

    func get(_ context: AppRequestContext) async throws -> Response {
        let record = try await records.get(try id(context), by: try context.requirePrincipal())
        return .json(bytes: record.jsonBytes(), headers: [.eTag: "\"\(record.version)\""])
    }

    func create(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        var request = request
        let object = try await request.jsonObject(limit: maxBodyBytes)
        let scope = "user:\(principal.userID?.description ?? "system"):\(E.table)"
        let key = request.headers[.idempotencyKey]
        var requestHash = ""
        if let key {
            guard !key.isEmpty, key.count <= 200 else {
                throw RapportError.invalid(field: "Idempotency-Key", reason: "must be 1 to 200 characters")
            }
            requestHash = SHA256.hash(data: Data(JSONWriter.canonicalBytes(.object(object)))).map { String(format: "%02x", $0) }.joined()
            if let stored = try await store.idempotency.lookup(scope: scope, key: key) {
                guard stored.requestHash == requestHash else {
                    throw RapportError.conflict("This Idempotency-Key was used with a different request body.")
                }
                var headers: HTTPFields = [.idempotentReplayed: "true"]
                if !stored.location.isEmpty { headers[.location] = stored.location }
                headers[.contentType] = "application/json; charset=utf-8"
                return Response(
                    status: .init(code: stored.status), headers: headers,
                    body: .init(byteBuffer: ByteBuffer(string: stored.body)))
            }
        }
        var input = Input(object)
        var clientID: Record<E>.ID?
        switch input.id("id", Record<E>.ID.self) {
        case .set(let id?): clientID = id
        default: break
        }
        let country = try await store.directory.defaultCountry(of: principal.workspaceID)
        let changes = RecordChanges<E>.read(&input, defaultCountry: country)
        let extras = RecordCreation.readExtras(E.self, input: &input, activityValues: try? changes.apply(to: [:]), country: country)
        try changes.validate(input, against: [:])
        let record = try await RecordCreation.create(
            changes, id: clientID, extras: extras, records: records, store: store, principal: principal)
        let location = "\(Self.collection)/\(record.id)"
        let body = String(decoding: record.jsonBytes(), as: UTF8.self)
        if let key {
            try await store.idempotency.save(
                scope: scope, key: key,
                response: StoredResponse(requestHash: requestHash, status: 201, body: body, location: location))
        }
        return Response(
            status: .created,
            headers: [.contentType: "application/json; charset=utf-8", .location: location, .eTag: "\"\(record.version)\""],
            body: .init(byteBuffer: ByteBuffer(string: body)))
    }

    func update(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let id = try id(context)
        var request = request
        let object = try await request.jsonObject(limit: maxBodyBytes)
        var input = Input(object)
        input.accept("version")
        let version = try Self.requiredVersion(request, object)
        let country = try await store.directory.defaultCountry(of: principal.workspaceID)
        let changes = RecordChanges<E>.read(&input, defaultCountry: country)
        try input.finish()
        do {
            let record = try await records.update(id, changes, expecting: version, by: principal)
            return .json(bytes: record.jsonBytes(), headers: [.eTag: "\"\(record.version)\""])
        } catch RapportError.staleVersion(let entity, let rid, let current) {
            throw try await staleProblem(entity: entity, id: rid, current: current, recordID: id, principal: principal)
        }
    }

    func delete(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let id = try id(context)
        do {
            let record = try await records.delete(id, expecting: try Self.ifMatch(request), by: principal)
            return .json(bytes: record.jsonBytes(), headers: [.eTag: "\"\(record.version)\""])
        } catch RapportError.staleVersion(let entity, let rid, let current) {
            throw try await staleProblem(entity: entity, id: rid, current: current, recordID: id, principal: principal)
        }
    }

    func restore(_ context: AppRequestContext) async throws -> Response {
        let record = try await records.restore(try id(context), by: try context.requirePrincipal())
        return .json(bytes: record.jsonBytes(), headers: [.eTag: "\"\(record.version)\""])
    }

    func history(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let limit = request.uri.queryParameters.get("limit").flatMap(Int.init) ?? 100
        guard (1...500).contains(limit) else { throw RapportError.invalid(field: "limit", reason: "must be from 1 to 500") }
        let events = try await records.history(try id(context), limit: limit, by: try context.requirePrincipal())
        return .json(.object(JSONObject(["data": .array(events.map { .object($0.json()) })])))
    }

    /// A 409 that carries the record as it is now, so the client can merge and retry.
    func staleProblem(entity: String, id: String, current: Int, recordID: Record<E>.ID, principal: Principal) async throws
        -> Problem
    {
        Problem.stale(entity: entity, id: id, current: current, record: try await records.get(recordID, by: principal).json())
    }

    /// The version an update changes, from `If-Match` or the body's `version` (they must agree);
    /// 428 without either. `noun` names the thing in the error ("the task's current version").
    static func requiredVersion(_ request: Request, _ object: JSONObject, noun: String = "record") throws -> Int {
        var version = try ifMatch(request)
        if let bodyVersion = object["version"] {
            guard case .int(let v) = bodyVersion, v > 0, v < Int64(Int32.max) else {
                throw RapportError.invalid(field: "version", reason: "must be the \(noun)'s current version number")
            }
            if let header = version, header != Int(v) {
                throw RapportError.invalid(field: "version", reason: "differs from the If-Match header")
            }
            version = Int(v)
        }
        guard let version else {
            throw Problem(
                status: .preconditionRequired, title: "Version required",
                detail: "Send the version you are changing as 'If-Match: \"<version>\"' or as \"version\" in the body.")
        }
        return version
    }

    /// The version named by `If-Match` (`"3"`, `W/"3"` or `3`), if any.
    static func ifMatch(_ request: Request) throws(RapportError) -> Int? {
        guard let raw = request.headers[.ifMatch] else { return nil }
        var text = raw.trimmingWhitespace()
        if text.hasPrefix("W/") { text.removeFirst(2) }
        text = text.trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        guard let v = Int(text), v > 0 else {
            throw .invalid(field: "If-Match", reason: "must be the record's version, e.g. \"3\"")
        }
        return v
    }

    func id(_ context: AppRequestContext) throws(RapportError) -> Record<E>.ID {
        guard let raw = context.parameters.get("id"), let id = Record<E>.ID(raw) else {
            throw .notFound(entity: E.name, id: context.parameters.get("id") ?? "")
        }
        return id
    }
}
