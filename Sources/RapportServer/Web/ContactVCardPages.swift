import Foundation
import HTTPTypes
import Hummingbird
import RapportCore
import RapportStore

extension Contact {
    static func listActions(_ query: ListQuery, principal: Principal) -> [ActionLink] {
        var actions = [ActionLink(text: "Export vCard", href: "/contacts/export.vcf" + query.selectionQuery, icon: "download", download: true)]
        if principal.canWrite { actions.append(ActionLink(text: "Import vCards", href: "/contacts/import", icon: "upload")) }
        return actions
    }

    static func recordActions(_ record: Record<Contact>) -> [ActionLink] {
        [ActionLink(text: "Download vCard", href: "/contacts/\(record.id)/vcard", icon: "download", download: true)]
    }
}

/// vCard downloads and the vCard import page of the web UI.
struct ContactVCardPages: Sendable {
    let store: Store
    let pages: Pages

    /// Created contacts listed by name on the report; the rest are counted.
    static let createdShown = 100

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        let export = ContactVCardExport(store: store)
        group.get("/contacts/export.vcf") { request, context in
            try await export.export(params: request.uri.queryParameters, by: try context.requirePrincipal())
        }
        group.get("/contacts/:id/vcard") { request, context in
            guard let raw = context.parameters.get("id"), let id = Record<Contact>.ID(raw) else {
                throw RapportError.notFound(entity: Contact.name, id: context.parameters.get("id") ?? "")
            }
            return try await export.card(id, params: request.uri.queryParameters, by: try context.requirePrincipal())
        }
        group.get("/contacts/import") { request, context in
            try context.requirePrincipal().requireWrite()
            return render(VCardImportPageView(), request, context)
        }
        group.post("/contacts/import") { request, context in try await importFile(request, context) }
    }

    func importFile(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        try principal.requireWrite()
        guard let boundary = request.multipartBoundary else {
            throw RapportError.malformed("Send the file with the import form.")
        }
        var request = request
        // The middleware has read the body (within the upload limit) and checked its token.
        let buffer = try await request.bytes(limit: Uploads.maxBytes + 64 * 1024)
        let form: MultipartForm
        do {
            form = try MultipartForm(buffer.readableBytesView, boundary: boundary)
        } catch {
            throw RapportError.malformed("The upload is not a valid form: \(error.reason).")
        }
        var page = VCardImportPageView()
        page.createAnyway = form.fields["duplicates"] == "create"
        guard let file = form.files["file"], !file.filename.isEmpty || !file.bytes.isEmpty else {
            page.error = "Choose a vCard file (.vcf) to import."
            return render(page, request, context, status: .unprocessableContent)
        }
        page.filename = file.filename
        do {
            let report = try await ContactVCardImport(store: store).run(
                file.bytes, duplicates: page.createAnyway ? .create : .skip, by: principal)
            page.report = VCardImportReportView(report, filename: file.filename)
        } catch RapportError.invalid(let issues) {
            page.error = "“\(file.filename)” " + (issues.first?.reason ?? "could not be read") + "."
            return render(page, request, context, status: .unprocessableContent)
        }
        return render(page, request, context)
    }

    func render(
        _ page: VCardImportPageView, _ request: Request, _ context: AppRequestContext, status: HTTPResponse.Status = .ok
    ) -> Response {
        pages.render(
            "contacts-import", title: "Import vCards", content: VCardImportContent(page: page), context: context,
            request: request, status: status)
    }
}

struct VCardImportContent { var page: VCardImportPageView }

struct VCardImportPageView {
    var error: String?
    var createAnyway = false
    var filename: String?
    var report: VCardImportReportView?
    var maxSize = "\(Uploads.maxBytes >> 20) MB"
}

struct VCardImportReportView {
    struct Line {
        var card: Int
        var name: String
        var reason: String
        var href: String?
    }

    var summary: String
    var createdCount: Int
    var skippedCount: Int
    var created: [Line]
    var createdMore: Int?
    var skipped: [Line]
    var warnings: [Line]

    init(_ report: VCardImportReport, filename: String) {
        func plural(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }
        createdCount = report.created.count
        skippedCount = report.skipped.count
        let total = createdCount + skippedCount
        summary = "\(plural(total, "card")) read from “\(filename)”: \(plural(createdCount, "contact")) created, \(skippedCount) skipped."
        created = report.created.prefix(ContactVCardPages.createdShown).map {
            Line(card: $0.index + 1, name: $0.name, reason: "", href: "/contacts/\($0.id)")
        }
        let more = report.created.count - ContactVCardPages.createdShown
        createdMore = more > 0 ? more : nil
        skipped = report.skipped.map { s in
            let href = s.matches.first.map { "/contacts/\($0)" }
            return Line(card: s.index + 1, name: s.name ?? "Card \(s.index + 1)", reason: Self.explain(s), href: href)
        }
        warnings = report.warnings.map {
            Line(card: $0.index + 1, name: $0.name, reason: Self.sentence($0.message), href: "/contacts/\($0.id)")
        }
    }

    static func explain(_ skipped: VCardImportReport.Skipped) -> String {
        if !skipped.errors.isEmpty {
            return skipped.errors.map { "\(fieldLabel($0.field)): \($0.reason)" }.joined(separator: "; ") + "."
        }
        if skipped.code == "possible_duplicate" { return skipped.reason + " Import again with “Create them anyway” to add it." }
        return sentence(skipped.reason)
    }

    /// A field as the form labels it: `emails[1]` → “Email 2”, `last_name` → “Last name”.
    static func fieldLabel(_ field: String) -> String {
        guard let open = field.firstIndex(of: "["), let close = field.firstIndex(of: "]"), open < close,
            let index = Int(field[field.index(after: open)..<close])
        else { return Contact.field(field)?.label ?? field }
        let label = Contact.field(String(field[..<open]))?.label ?? String(field[..<open])
        return (label.hasSuffix("s") ? String(label.dropLast()) : label) + " \(index + 1)"
    }

    static func sentence(_ text: String) -> String {
        text.prefix(1).uppercased() + text.dropFirst() + (text.hasSuffix(".") ? "" : ".")
    }
}
