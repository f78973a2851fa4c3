import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import RapportCore
import RapportStore

/// Where uploaded CSV files go — the data folder's `imports`, one file per upload — and how they
/// get there: streamed from the request body to disk as they arrive, never held in memory.
struct ImportUploads: Sendable {
    let directory: String
    let maxBytes: Int64

    /// The web route whose multipart body the web middleware leaves for the route to stream.
    static let webPath = "/imports"

    /// A new, empty file in the uploads folder.
    func newFile() throws -> (path: String, handle: FileHandle) {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = (directory as NSString).appendingPathComponent("\(UUIDv7.make().uuidString.lowercased()).csv")
        guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path) else {
            throw RapportError.conflict("The upload could not be stored; the data folder is not writable.")
        }
        return (path, handle)
    }

    /// Writes a whole request body (a CSV file sent as it is) to a new file.
    func save(_ body: RequestBody, declaredLength: Int?) async throws -> (path: String, bytes: Int64) {
        if let declaredLength, Int64(declaredLength) > maxBytes { throw RapportError.tooLarge(limit: Int(clamping: maxBytes)) }
        let (path, handle) = try newFile()
        var written: Int64 = 0
        do {
            for try await chunk in body {
                written += Int64(chunk.readableBytes)
                guard written <= maxBytes else { throw RapportError.tooLarge(limit: Int(clamping: maxBytes)) }
                try handle.write(contentsOf: chunk.readableBytesView)
            }
            try handle.close()
        } catch {
            try? handle.close()
            try? FileManager.default.removeItem(atPath: path)
            throw error
        }
        return (path, written)
    }

    /// What a streamed form held: its text fields, and its file (saved to `path`), if any.
    struct Form {
        var fields: [String: String] = [:]
        var path: String?
        var fileName: String?
        var bytes: Int64 = 0
    }

    /// Reads a `multipart/form-data` upload as it streams in: the first part must be `_csrf` with
    /// the session's token (checked before anything else is read, as `multipartCheckingCSRF`
    /// does), text fields are kept, and the part named `file` is written to a new file.
    func saveForm(_ request: Request, boundary: String, csrf expected: String) async throws -> Form {
        let forged = Problem(
            status: .forbidden, title: "Form expired",
            detail: "This form has expired or did not come from Rapport. Go back, reload the page and try again.")
        func malformed(_ reason: String) -> RapportError { .malformed("The upload is not a valid form: \(reason).") }
        var parser: MultipartParser
        do { parser = try MultipartParser(boundary: boundary) } catch { throw malformed(error.reason) }
        var form = Form()
        var head: MultipartPartHead?
        var text: [UInt8] = []
        var handle: FileHandle?
        var verified = false
        var parts = 0
        var total: Int64 = 0
        do {
            for try await chunk in request.body {
                total += Int64(chunk.readableBytes)
                guard total <= maxBytes + 64 * 1024 else { throw RapportError.tooLarge(limit: Int(clamping: maxBytes)) }
                let events: [MultipartParser.Event]
                do { events = try parser.feed(chunk.readableBytesView) } catch { throw malformed(error.reason) }
                for event in events {
                    switch event {
                    case .partStart(let h):
                        parts += 1
                        guard verified || (parts == 1 && h.name == "_csrf" && h.filename == nil) else { throw forged }
                        head = h
                        text = []
                        if h.name == "file", h.filename != nil, form.path == nil {
                            let (path, file) = try newFile()
                            form.path = path
                            form.fileName = h.filename
                            handle = file
                        }
                    case .bytes(let bytes):
                        if head?.name == "file", let handle, head?.filename != nil {
                            form.bytes += Int64(bytes.count)
                            try handle.write(contentsOf: bytes)
                        } else {
                            text += bytes
                            if text.count > MultipartForm.maxFieldBytes { throw malformed("the field “\(head?.name ?? "")” is too long") }
                        }
                    case .partEnd:
                        guard let h = head else { continue }
                        if !verified {
                            guard Secrets.constantTimeEquals(String(decoding: text, as: UTF8.self), expected) else { throw forged }
                            verified = true
                        } else if h.filename == nil {
                            form.fields[h.name] = String(decoding: text, as: UTF8.self)
                        } else if h.name == "file" {
                            try handle?.close()
                            handle = nil
                        }
                        head = nil
                    }
                }
            }
            do { try parser.finish() } catch { throw malformed(error.reason) }
            guard verified else { throw forged }
        } catch {
            try? handle?.close()
            if let path = form.path { try? FileManager.default.removeItem(atPath: path) }
            throw error
        }
        return form
    }
}
