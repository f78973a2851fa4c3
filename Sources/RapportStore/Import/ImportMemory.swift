import Foundation
import RapportCore

/// What a run remembers of the rows it accepted that the database may not show yet: the chunk
/// being planned and the one being written. Older chunks have committed, and lookups find their
/// records like any others. A dry run commits nothing, so it also keeps every identifier of the
/// file (as hashes) to find repeats however far apart.
struct ImportMemory: Sendable {
    struct Entry: Sendable {
        var row: Int
        var id: UUID
        var title: String
        var values: FieldValues
    }

    struct Generation: Sendable {
        var entries: [Entry] = []
        var byPoint: [String: [Int]] = [:]
        var byKey: [String: [Int]] = [:]
        var updated: [UUID: Int] = [:]
        var byTitle: [String: UUID] = [:]
    }

    /// What a referenced record's name found, by `table:folded name`, for the whole run.
    enum Reference: Sendable {
        case found(UUID)
        case missing
        case ambiguous
    }

    private(set) var references: [String: Reference] = [:]
    private var previous = Generation()
    private var current = Generation()
    /// Hashes of every identifier of the file so far, with the first row that had it (dry runs).
    private var wholeFile: [Int: Int]?

    init(wholeFile: Bool) { self.wholeFile = wholeFile ? [:] : nil }

    /// A new chunk: the last one is now being written, the one before has committed.
    mutating func startChunk() {
        previous = current
        current = Generation()
    }

    /// Remembers a record the run will create, by its identifiers and blocking keys.
    mutating func created(_ entry: Entry, points: [String], keys: [String]) {
        let index = current.entries.count
        current.entries.append(entry)
        for point in points {
            current.byPoint[point, default: []].append(index)
            if wholeFile != nil, wholeFile?[point.hashValue] == nil { wholeFile?[point.hashValue] = entry.row }
        }
        for key in keys { current.byKey[key, default: []].append(index) }
        current.byTitle[SearchText.fold(entry.title)] = entry.id
    }

    /// Remembers what a name found; the cache starts again past 100,000 names.
    mutating func remember(reference key: String, _ result: Reference) {
        if references.count >= 100_000 { references = [:] }
        references[key] = result
    }

    /// Remembers a record the run will update, and the row that does.
    mutating func updated(_ id: UUID, row: Int) { current.updated[id] = row }

    /// The row of this run that updates (or updated) a record, if one does.
    func updatingRow(_ id: UUID) -> Int? { current.updated[id] ?? previous.updated[id] }

    /// Remembered records sharing an identifier (`email:…`), earliest first.
    func entries(point: String) -> [Entry] {
        (previous.byPoint[point] ?? []).map { previous.entries[$0] } + (current.byPoint[point] ?? []).map { current.entries[$0] }
    }

    /// Remembered records sharing a blocking key.
    func entries(key: String) -> [Entry] {
        (previous.byKey[key] ?? []).map { previous.entries[$0] } + (current.byKey[key] ?? []).map { current.entries[$0] }
    }

    /// A remembered record with this (folded) title.
    func record(titled folded: String) -> UUID? { current.byTitle[folded] ?? previous.byTitle[folded] }

    /// The first row of the file with this identifier, when the whole file is remembered.
    func firstRow(point: String) -> Int? { wholeFile?[point.hashValue] }
}

/// A record, existing or from an earlier row, that a row looks like.
struct DuplicateHit: Sendable {
    var recordID: UUID
    var title: String
    /// Whether the importer may see it (if not, it is named only as “a contact you cannot see”).
    var visible: Bool
    /// Thousandths; 1000 for an identical identifier.
    var score: Int
    var reasons: [String]
    /// The row of this file it came from, when known.
    var earlierRow: Int?
    /// It was created by this import (an earlier chunk).
    var fromThisImport = false
    /// `recordID` names a record (not so for a repeat a dry run knows only by its row).
    var known = true

    /// Why a row is held back or flagged, in a sentence.
    func sentence(noun: String) -> String {
        let why = reasons.isEmpty ? "" : " (\(reasons.joined(separator: ", ")))"
        if let row = earlierRow, !known { return "Repeats row \(row) of this file\(why)." }
        if let row = earlierRow { return "Looks like row \(row) of this file, \(title)\(why)." }
        if fromThisImport { return "Looks like \(title), imported from an earlier row of this file\(why)." }
        if !visible { return "Looks like \(DuplicateCheck.article(noun)) \(noun) you cannot see; ask your manager or an admin." }
        return "Looks like \(title), already in Rapport\(why)."
    }
}
