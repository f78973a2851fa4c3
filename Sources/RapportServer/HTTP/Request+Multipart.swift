import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import RapportCore
import RapportStore

/// The largest file upload a form accepts (10 MiB), apart from the general body limit: address
/// books and CSV files are larger than a form post but still fit comfortably in memory.
enum Uploads {
    static let maxBytes = 10 << 20
}

extension Request {
    /// The multipart boundary, when the body is `multipart/form-data`.
    var multipartBoundary: String? {
        headers[.contentType].flatMap { MultipartParser.boundary(contentType: $0) }
    }

    /// Reads a `multipart/form-data` body while it streams in, refusing it as soon as its first part
    /// turns out not to be `_csrf` with the session's token, so a forged upload is never read whole.
    /// Forms put the hidden `_csrf` field first, and browsers send parts in form order.
    mutating func multipartCheckingCSRF(boundary: String, csrf expected: String, limit: Int) async throws -> ByteBuffer {
        if let length = headers[.contentLength].flatMap(Int.init), length > limit { throw RapportError.tooLarge(limit: limit) }
        let forged = Problem(
            status: .forbidden, title: "Form expired",
            detail: "This form has expired or did not come from Rapport. Go back, reload the page and try again.")
        var parser: MultipartParser
        do { parser = try MultipartParser(boundary: boundary) } catch { throw RapportError.malformed("The upload is not a valid form: \(error.reason).") }
        var collected = ByteBuffer()
        var seenParts = 0
        var token: [UInt8] = []
        var verified = false
        for try await chunk in body {
            guard collected.readableBytes + chunk.readableBytes <= limit else { throw RapportError.tooLarge(limit: limit) }
            collected.writeImmutableBuffer(chunk)
            let events: [MultipartParser.Event]
            do { events = try parser.feed(chunk.readableBytesView) } catch { throw RapportError.malformed("The upload is not a valid form: \(error.reason).") }
            for event in events where !verified {
                switch event {
                case .partStart(let head):
                    seenParts += 1
                    guard seenParts == 1, head.name == "_csrf", head.filename == nil else { throw forged }
                case .bytes(let bytes):
                    token += bytes
                    if token.count > 200 { throw forged }
                case .partEnd:
                    guard Secrets.constantTimeEquals(String(decoding: token, as: UTF8.self), expected) else { throw forged }
                    verified = true
                }
            }
        }
        do { try parser.finish() } catch { throw RapportError.malformed("The upload is not a valid form: \(error.reason).") }
        guard verified else { throw forged }
        return collected
    }
}
