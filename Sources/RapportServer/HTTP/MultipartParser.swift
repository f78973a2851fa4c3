import Foundation

/// Reads `multipart/form-data` (RFC 7578) as it streams in: feed it chunks of any size and it
/// reports each part's headers, its bytes and its end, holding back only what might be the start
/// of a boundary. It is strict where sloppiness would be a risk (CRLF line ends, bounded headers,
/// a bounded number of parts, a closing boundary) and ignores what RFC 2046 says to ignore
/// (a preamble, an epilogue, white space after a boundary).
struct MultipartParser {
    /// What the parser found in the bytes fed so far.
    enum Event: Equatable {
        case partStart(MultipartPartHead)
        case bytes([UInt8])
        case partEnd
    }

    /// Why a body is not the multipart it claims to be.
    struct Failure: Error, Equatable {
        var reason: String
    }

    static let maxHeaderBytes = 8 * 1024
    static let maxParts = 100

    private enum State { case preamble, head, body, epilogue }

    private let delimiter: [UInt8]  // CRLF "--" boundary
    private var buffer: [UInt8] = []
    private var start = 0
    private var state = State.preamble
    private var parts = 0

    /// `boundary` as the Content-Type names it.
    init(boundary: String) throws(Failure) {
        // RFC 2046: 1 to 70 printable characters, spaces allowed but not at the end.
        guard (1...70).contains(boundary.utf8.count), boundary.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }),
            boundary.utf8.last != 0x20
        else {
            throw Failure(reason: "the multipart boundary is missing or malformed")
        }
        delimiter = Array("\r\n--\(boundary)".utf8)
        // The first boundary may open the body without a line break before it.
        buffer = [0x0D, 0x0A]
    }

    /// The boundary of a `multipart/form-data` Content-Type, if it is one.
    static func boundary(contentType: String) -> String? {
        let pieces = contentType.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        guard pieces.first?.lowercased() == "multipart/form-data" else { return nil }
        for piece in pieces.dropFirst() {
            let pair = piece.split(separator: "=", maxSplits: 1)
            guard pair.count == 2, pair[0].lowercased() == "boundary" else { continue }
            var value = String(pair[1])
            if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") { value = String(value.dropFirst().dropLast()) }
            return value
        }
        return nil
    }

    /// Whether the closing boundary has been read.
    var isComplete: Bool { state == .epilogue }

    /// Takes the next chunk of the body and returns what it completes.
    mutating func feed(_ chunk: some Sequence<UInt8>) throws(Failure) -> [Event] {
        if state == .epilogue { return [] }
        buffer.append(contentsOf: chunk)
        var events: [Event] = []
        while try step(&events) {}
        // Keep the buffer from growing by what has been consumed.
        if start > 64 * 1024 || start == buffer.count {
            buffer.removeFirst(start)
            start = 0
        }
        return events
    }

    /// Checks that the body ended where a multipart body ends.
    func finish() throws(Failure) {
        guard state == .epilogue else { throw Failure(reason: "the multipart body ends before its closing boundary") }
    }

    /// Does one unit of work; `false` when more bytes are needed.
    private mutating func step(_ events: inout [Event]) throws(Failure) -> Bool {
        switch state {
        case .preamble:
            guard let found = find(delimiter, from: start) else {
                // Keep only what could begin a delimiter.
                start = max(start, buffer.count - delimiter.count + 1)
                return false
            }
            start = found
            return try passBoundary(at: found, &events, closingPart: false)
        case .head:
            guard let end = find([0x0D, 0x0A, 0x0D, 0x0A], from: start) else {
                if buffer.count - start > Self.maxHeaderBytes { throw Failure(reason: "a part's headers are too long") }
                return false
            }
            guard end - start <= Self.maxHeaderBytes else { throw Failure(reason: "a part's headers are too long") }
            let head = try MultipartPartHead(Array(buffer[start..<end]))
            start = end + 4
            state = .body
            events.append(.partStart(head))
            return true
        case .body:
            if let found = find(delimiter, from: start) {
                if found > start { events.append(.bytes(Array(buffer[start..<found]))) }
                start = found
                return try passBoundary(at: found, &events, closingPart: true)
            }
            let safe = buffer.count - (delimiter.count - 1)
            if safe > start {
                events.append(.bytes(Array(buffer[start..<safe])))
                start = safe
            }
            return false
        case .epilogue:
            return false
        }
    }

    /// Reads what follows a boundary: `--` closes the body; optional white space and CRLF open the
    /// next part. Leaves the boundary unread when too few bytes have arrived to tell.
    private mutating func passBoundary(at position: Int, _ events: inout [Event], closingPart: Bool) throws(Failure) -> Bool {
        var i = position + delimiter.count
        guard i + 2 <= buffer.count else { return false }
        if buffer[i] == UInt8(ascii: "-"), buffer[i + 1] == UInt8(ascii: "-") {
            if closingPart { events.append(.partEnd) }
            state = .epilogue
            start = buffer.count
            return false
        }
        while i < buffer.count, buffer[i] == 0x20 || buffer[i] == 0x09 {
            i += 1
            if i - position - delimiter.count > 64 { throw Failure(reason: "a multipart boundary is followed by junk") }
        }
        guard i + 2 <= buffer.count else { return false }
        guard buffer[i] == 0x0D, buffer[i + 1] == 0x0A else {
            throw Failure(reason: "a multipart boundary is not followed by a line break")
        }
        if closingPart { events.append(.partEnd) }
        parts += 1
        guard parts <= Self.maxParts else { throw Failure(reason: "the form has more than \(Self.maxParts) parts") }
        start = i + 2
        state = .head
        return true
    }

    private func find(_ needle: [UInt8], from index: Int) -> Int? {
        guard let first = needle.first, needle.count <= buffer.count - index else { return nil }
        var i = index
        let last = buffer.count - needle.count
        while i <= last {
            if buffer[i] == first {
                var j = 1
                while j < needle.count, buffer[i + j] == needle[j] { j += 1 }
                if j == needle.count { return i }
            }
            i += 1
        }
        return nil
    }
}
