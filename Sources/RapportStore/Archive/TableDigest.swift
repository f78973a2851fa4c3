import Crypto
import Foundation

/// A table's row count and content checksum, the same on either engine for the same rows.
///
/// The checksum is order-free (rows come in whatever order the engine keeps them): the SHA-256 of
/// each row's canonical bytes (`ArchiveValue.canonical`), added up as four 64-bit lanes. Equal
/// tables give equal sums; a changed, missing or extra row changes it.
public struct TableDigest: Codable, Sendable, Equatable {
    public var rows: Int = 0
    public var checksum: String {
        lanes.map { String($0, radix: 16).leftPadded(to: 16) }.joined()
    }
    var lanes: [UInt64] = [0, 0, 0, 0]

    enum CodingKeys: String, CodingKey { case rows, checksum }

    public init() {}

    /// A digest as written down (a manifest's figures).
    init(rows: Int, checksum hex: String) throws {
        let utf8 = Array(hex.utf8)
        let lanes = utf8.count == 64
            ? (0..<4).compactMap { i in UInt64(String(decoding: utf8[(i * 16)..<(i * 16 + 16)], as: UTF8.self), radix: 16) } : []
        guard lanes.count == 4 else { throw ArchiveError.unreadable("a checksum is not 64 hexadecimal digits") }
        self.rows = rows
        self.lanes = lanes
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        try self.init(rows: try c.decode(Int.self, forKey: .rows), checksum: try c.decode(String.self, forKey: .checksum))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(rows, forKey: .rows)
        try c.encode(checksum, forKey: .checksum)
    }

    mutating func add(_ values: [ArchiveValue]) {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(values.count * 16)
        for value in values { Self.append(value.canonical, to: &bytes) }
        let digest = SHA256.hash(data: bytes)
        digest.withUnsafeBytes { raw in
            for lane in 0..<4 {
                var word: UInt64 = 0
                for k in 0..<8 { word = word << 8 | UInt64(raw[lane * 8 + k]) }
                lanes[lane] &+= word
            }
        }
        rows += 1
    }

    /// A tag, then the value's bytes with their length, so no two rows share an encoding.
    static func append(_ value: ArchiveValue, to bytes: inout [UInt8]) {
        func length(_ n: Int) { withUnsafeBytes(of: UInt64(n).bigEndian) { bytes.append(contentsOf: $0) } }
        switch value {
        case .null: bytes.append(0)
        case .integer(let i):
            bytes.append(1)
            withUnsafeBytes(of: i.bigEndian) { bytes.append(contentsOf: $0) }
        case .real(let d):
            bytes.append(2)
            withUnsafeBytes(of: d.bitPattern.bigEndian) { bytes.append(contentsOf: $0) }
        case .text(let s):
            bytes.append(3)
            length(s.utf8.count)
            bytes.append(contentsOf: s.utf8)
        case .blob(let b):
            bytes.append(4)
            length(b.count)
            bytes.append(contentsOf: b)
        case .bool, .uuid: append(value.canonical, to: &bytes)
        }
    }
}

/// Counts and checksums every table of a snapshot. With `columnOrder` (a manifest's columns per
/// table) each row is hashed in that order, so a table whose columns another engine lists in
/// another order still compares.
final class DigestVisitor: TableVisitor, @unchecked Sendable {
    private(set) var schemaVersion = 0
    private(set) var digests: [String: TableDigest] = [:]
    private(set) var tables: [ArchiveTable] = []
    let columnOrder: [String: [String]]
    private var current = TableDigest()
    private var positions: [Int]?

    init(columnOrder: [String: [String]] = [:]) { self.columnOrder = columnOrder }

    func start(schemaVersion: Int, tables: [ArchiveTable]) throws {
        self.schemaVersion = schemaVersion
        self.tables = tables
    }

    func beginTable(_ table: ArchiveTable) throws {
        current = TableDigest()
        positions = nil
        if let order = columnOrder[table.name] {
            let names = table.columns.map(\.name)
            let mapped = order.compactMap { names.firstIndex(of: $0) }
            if mapped.count == order.count, mapped != Array(names.indices) { positions = mapped }
        }
    }

    func row(_ values: [ArchiveValue]) throws { current.add(positions.map { $0.map { values[$0] } } ?? values) }
    func endTable(_ table: ArchiveTable) throws { digests[table.name] = current }
}

extension String {
    func leftPadded(to width: Int) -> String { count >= width ? self : String(repeating: "0", count: width - count) + self }
}
