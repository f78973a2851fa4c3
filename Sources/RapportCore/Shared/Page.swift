import Foundation

/// One page of a keyset-paginated list.
public struct Page<Item: Sendable>: Sendable {
    public var items: [Item]
    /// Opaque cursor for the next page, `nil` on the last one.
    public var nextCursor: String?
    /// Opaque cursor for the previous page, `nil` on the first one.
    public var previousCursor: String?

    public init(items: [Item], nextCursor: String?, previousCursor: String?) {
        self.items = items
        self.nextCursor = nextCursor
        self.previousCursor = previousCursor
    }
}

/// A position in a sorted list: the sort value and ID of the row to continue after (or before).
public struct Cursor: Sendable, Equatable {
    public var sortValue: JSONValue
    public var id: String
    /// `true` when this cursor pages backwards.
    public var backwards: Bool

    public init(sortValue: JSONValue, id: String, backwards: Bool) {
        self.sortValue = sortValue
        self.id = id
        self.backwards = backwards
    }

    /// Opaque, URL-safe text.
    public var encoded: String {
        let json = JSONWriter.bytes(.array([sortValue, .string(id), .bool(backwards)]))
        return Data(json).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// Reads a cursor made by `encoded`.
    public init(decoding text: String) throws(RapportError) {
        var b64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while b64.count % 4 != 0 { b64 += "=" }
        guard text.count <= 512, let data = Data(base64Encoded: b64),
            let value = data.withUnsafeBytes({ JSONParser.parse(utf8: $0.bindMemory(to: UInt8.self)) }),
            case .array(let parts) = value, parts.count == 3,
            case .string(let id) = parts[1], UUID(uuidString: id) != nil,
            case .bool(let backwards) = parts[2]
        else { throw .invalid(field: "cursor", reason: "is not a cursor this server made") }
        switch parts[0] {
        case .string(let s) where !s.hasControlCharacters: break
        case .int: break
        default: throw .invalid(field: "cursor", reason: "is not a cursor this server made")
        }
        self.init(sortValue: parts[0], id: id, backwards: backwards)
    }
}
