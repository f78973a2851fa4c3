import Crypto
import Foundation
import RapportCore
import SQLKit

/// The workspace's web-to-lead forms (everyone reads them, admins change them) and what a public
/// submission does: one lead from the web, assigned, given its first-touch deadline and scored,
/// with the submission on its timeline, all in one transaction.
public struct LeadForms: Sendable {
    let db: Database
    let leads: RecordStore<Lead>
    let activities: RecordStore<Activity>

    public init(_ db: Database, leads: RecordStore<Lead>, activities: RecordStore<Activity>) {
        self.db = db
        self.leads = leads
        self.activities = activities
    }

    /// A form as its public page sees it: with its workspace and the key that signs render times.
    public struct Published: Sendable {
        public var form: LeadForm
        public var workspaceID: Workspace.ID
        let signingKey: String
    }

    static let columns = """
        id, workspace_id, token, signing_key, name, intro, fields, required_fields, source_detail, thank_you, redirect_url, active,
        submissions, blocked, last_submission_at, created_at, updated_at
        """

    static func form(_ row: any SQLRow) throws -> LeadForm {
        let redirect = try row.decode(column: "redirect_url", as: String.self)
        return LeadForm(
            id: .init(try row.decode(column: "id", as: UUID.self)), token: try row.decode(column: "token", as: String.self),
            name: try row.decode(column: "name", as: String.self), intro: try row.decode(column: "intro", as: String.self),
            fields: LeadAssignment.lines(try row.decode(column: "fields", as: String.self)),
            required: LeadAssignment.lines(try row.decode(column: "required_fields", as: String.self)),
            thankYou: try row.decode(column: "thank_you", as: String.self), redirectURL: redirect.isEmpty ? nil : redirect,
            sourceDetail: try row.decode(column: "source_detail", as: String.self), active: try row.decode(column: "active", as: Bool.self),
            submissions: try row.decode(column: "submissions", as: Int.self), blocked: try row.decode(column: "blocked", as: Int.self),
            lastSubmissionAt: try row.decode(column: "last_submission_at", as: Int64?.self).map(Timestamp.init(micros:)),
            createdAt: Timestamp(micros: try row.decode(column: "created_at", as: Int64.self)),
            updatedAt: Timestamp(micros: try row.decode(column: "updated_at", as: Int64.self)))
    }

    // MARK: Managing

    public func all(in workspace: Workspace.ID) async throws -> [LeadForm] {
        try await db.read { sql in
            try await sql.raw(
                "SELECT \(unsafeRaw: Self.columns) FROM lead_forms WHERE workspace_id = \(bind: workspace.uuid) ORDER BY name, id"
            ).all().map(Self.form)
        }
    }

    public func get(_ id: LeadForm.ID, in workspace: Workspace.ID) async throws -> LeadForm {
        let row = try await db.read { sql in
            try await sql.raw(
                "SELECT \(unsafeRaw: Self.columns) FROM lead_forms WHERE id = \(bind: id.uuid) AND workspace_id = \(bind: workspace.uuid)"
            ).first()
        }
        guard let row else { throw RapportError.notFound(entity: "lead form", id: id.description) }
        return try Self.form(row)
    }

    /// Adds a form with a new random token (admins).
    public func create(_ form: LeadForm, by principal: Principal) async throws -> LeadForm {
        try principal.requireAdmin()
        var form = Self.normalized(form)
        try form.validate()
        form.token = Secrets.random(bytes: 18)
        let now = Timestamp.now()
        form.createdAt = now
        form.updatedAt = now
        form.submissions = 0
        form.blocked = 0
        form.lastSubmissionAt = nil
        let created = form
        try await db.write { sql in
            try await sql.raw(
                """
                INSERT INTO lead_forms (id, workspace_id, token, signing_key, name, intro, fields, required_fields, source_detail,
                    thank_you, redirect_url, active, submissions, blocked, created_at, updated_at)
                VALUES (\(bind: created.id.uuid), \(bind: principal.workspaceID.uuid), \(bind: created.token),
                    \(bind: Secrets.random(bytes: 32)), \(bind: created.name), \(bind: created.intro),
                    \(bind: created.fields.joined(separator: "\n")), \(bind: created.required.joined(separator: "\n")),
                    \(bind: created.sourceDetail), \(bind: created.thankYou), \(bind: created.redirectURL ?? ""), \(bind: created.active),
                    0, 0, \(bind: now.micros), \(bind: now.micros))
                """
            ).run()
        }
        return created
    }

    /// Changes a form's definition (admins); its token and counts stay.
    public func update(_ form: LeadForm, by principal: Principal) async throws -> LeadForm {
        try principal.requireAdmin()
        let current = try await get(form.id, in: principal.workspaceID)
        var form = Self.normalized(form)
        try form.validate()
        form.token = current.token
        form.submissions = current.submissions
        form.blocked = current.blocked
        form.lastSubmissionAt = current.lastSubmissionAt
        form.createdAt = current.createdAt
        form.updatedAt = .now()
        let updated = form
        try await db.write { sql in
            try await sql.raw(
                """
                UPDATE lead_forms SET name = \(bind: updated.name), intro = \(bind: updated.intro),
                    fields = \(bind: updated.fields.joined(separator: "\n")), required_fields = \(bind: updated.required.joined(separator: "\n")),
                    source_detail = \(bind: updated.sourceDetail), thank_you = \(bind: updated.thankYou),
                    redirect_url = \(bind: updated.redirectURL ?? ""), active = \(bind: updated.active), updated_at = \(bind: updated.updatedAt.micros)
                WHERE id = \(bind: updated.id.uuid) AND workspace_id = \(bind: principal.workspaceID.uuid)
                """
            ).run()
        }
        return updated
    }

    /// Removes a form that never made a lead (admins); one that did is turned off instead, so its
    /// leads keep where they came from.
    public func delete(_ id: LeadForm.ID, by principal: Principal) async throws {
        try principal.requireAdmin()
        let form = try await get(id, in: principal.workspaceID)
        guard form.submissions == 0 else {
            throw RapportError.conflict("“\(form.name)” has made \(form.submissions) leads; turn it off instead of deleting it.")
        }
        try await db.write { sql in
            try await sql.raw("DELETE FROM lead_form_submissions WHERE form_id = \(bind: id.uuid)").run()
            try await sql.raw(
                "DELETE FROM lead_forms WHERE id = \(bind: id.uuid) AND workspace_id = \(bind: principal.workspaceID.uuid)"
            ).run()
        }
    }

    static func normalized(_ form: LeadForm) -> LeadForm {
        var form = form
        form.name = form.name.trimmingWhitespace()
        form.intro = form.intro.trimmingWhitespace()
        form.thankYou = form.thankYou.trimmingWhitespace()
        form.sourceDetail = form.sourceDetail.trimmingWhitespace()
        form.redirectURL = form.redirectURL.map { $0.trimmingWhitespace() }.flatMap { $0.isEmpty ? nil : $0 }
        var seen: Set<String> = []
        form.fields = LeadForm.offerableFields.filter { form.fields.contains($0) && seen.insert($0).inserted }
            + form.fields.filter { !LeadForm.offerableFields.contains($0) }
        form.required = form.orderedFields.filter { form.required.contains($0) }
            + form.required.filter { !form.fields.contains($0) }
        return form
    }

    // MARK: The public side

    /// The form a public token names, active or not; nil for a token that names none.
    public func published(token: String) async throws -> Published? {
        guard !token.isEmpty, token.count <= 64 else { return nil }
        let row = try await db.read { sql in
            try await sql.raw("SELECT \(unsafeRaw: Self.columns) FROM lead_forms WHERE token = \(bind: token)").first()
        }
        guard let row else { return nil }
        return Published(
            form: try Self.form(row), workspaceID: .init(try row.decode(column: "workspace_id", as: UUID.self)),
            signingKey: try row.decode(column: "signing_key", as: String.self))
    }

    /// A token stamping when the form was shown, signed so it cannot be made up: the minimum fill
    /// time is measured from it on any server instance.
    public func renderToken(for published: Published, at time: Timestamp = .now()) -> String {
        let stamp = String(time.micros)
        return stamp + "." + Self.signature(stamp, key: published.signingKey)
    }

    /// When the form a submission came from was shown, if its token is genuine.
    public func renderedAt(_ token: String, for published: Published) -> Timestamp? {
        let parts = token.split(separator: ".", maxSplits: 1)
        guard parts.count == 2, let micros = Int64(parts[0]),
            Secrets.constantTimeEquals(String(parts[1]), Self.signature(String(parts[0]), key: published.signingKey))
        else { return nil }
        return Timestamp(micros: micros)
    }

    static func signature(_ text: String, key: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Data(text.utf8), using: SymmetricKey(data: Data(key.utf8)))
        return Data(mac).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// Counts a submission held back as spam, without making anything.
    public func recordBlocked(_ published: Published) async throws {
        try await db.write { sql in
            try await sql.raw("UPDATE lead_forms SET blocked = blocked + 1 WHERE id = \(bind: published.form.id.uuid)").run()
        }
    }

    /// Makes the lead a submission describes: source `web_form` with the form's source detail,
    /// owner by the assignment rules, the first-touch deadline, the score (the submission counts
    /// as engagement), and a note on its timeline with what the visitor sent.
    public func submit(_ published: Published, _ changes: RecordChanges<Lead>, summary: String) async throws -> Record<Lead> {
        let form = published.form
        guard form.active else { throw RapportError.conflict("This form is no longer taking submissions.") }
        let principal = Principal(
            userID: nil, workspaceID: published.workspaceID, name: "Web form “\(form.name)”", role: .admin, teamID: nil,
            visibleTeams: [])
        var changes = changes
        changes.values["status"] = .some(.text("new"))
        changes.values["source"] = .some(.text("web_form"))
        changes.values["source_detail"] = .some(.text(String(form.leadSourceDetail.prefix(200))))
        changes.ownerID = .keep
        changes.teamID = .keep
        let draft = try leads.draft(changes, by: principal)
        var note = RecordChanges<Activity>()
        note.values["kind"] = .some(.text("note"))
        note.values["subject"] = .some(.text(String("Web form submitted: \(form.name)".prefix(200))))
        note.values["body"] = .some(summary.isEmpty ? nil : .text(String(summary.prefix(20_000))))
        note.values["lead_id"] = .some(.id(draft.id.uuid))
        let now = Timestamp.now()
        let noteChanges = note
        return try await db.write { sql in
            // The submission row goes first, so the lead's first score already counts it.
            try await sql.raw(
                """
                INSERT INTO lead_form_submissions (id, workspace_id, form_id, lead_id, submitted_at)
                VALUES (\(bind: UUIDv7.make()), \(bind: published.workspaceID.uuid), \(bind: form.id.uuid), \(bind: draft.id.uuid),
                    \(bind: now.micros))
                """
            ).run()
            let lead = try await leads.insert(draft, flags: [], by: principal, on: sql)
            let activity = try activities.draft(noteChanges, by: principal)
            _ = try await activities.insert(activity, flags: [], by: principal, on: sql)
            try await sql.raw(
                """
                UPDATE lead_forms SET submissions = submissions + 1, last_submission_at = \(bind: now.micros)
                WHERE id = \(bind: form.id.uuid)
                """
            ).run()
            return lead
        }
    }
}

/// Public form submissions per client address, counted in the database so the limit holds across
/// server instances: at most `limit` in a window of `window` seconds.
public struct FormThrottle: Sendable {
    let db: Database
    public var limit = 5
    public var window: Int64 = 10 * 60

    public init(_ db: Database) { self.db = db }

    /// Counts one submission for `key`; returns the seconds to wait when it is over the limit.
    public func hit(_ key: String, now: Timestamp = .now()) async throws -> Int? {
        let micros = now.micros
        let windowStart = micros - window * 1_000_000
        return try await db.write { sql in
            // One atomic upsert: a window that has passed starts again at one.
            let row = try await sql.raw(
                """
                INSERT INTO form_throttle (key, window_start, hits) VALUES (\(bind: key), \(bind: micros), 1)
                ON CONFLICT (key) DO UPDATE SET
                    hits = CASE WHEN form_throttle.window_start < \(bind: windowStart) THEN 1 ELSE form_throttle.hits + 1 END,
                    window_start = CASE WHEN form_throttle.window_start < \(bind: windowStart) THEN \(bind: micros)
                        ELSE form_throttle.window_start END
                RETURNING hits, window_start
                """
            ).first()
            guard let row else { return nil }
            let hits = try row.decode(column: "hits", as: Int.self)
            guard hits > limit else { return nil }
            let start = try row.decode(column: "window_start", as: Int64.self)
            return Int((start + window * 1_000_000 - micros) / 1_000_000) + 1
        }
    }
}
