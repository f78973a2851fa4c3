import Foundation
import RapportCore

/// What the first rows of a file would do, without writing anything.
public struct ImportPreview: Sendable {
    /// One row of the preview.
    public struct Row: Sendable {
        /// The row's number as a spreadsheet shows it (the header is row 1).
        public var number: Int
        /// `create`, `update`, `unchanged`, `skip`, `reject`, `blank`.
        public var outcome: String
        /// Mapped values as they would be stored, by target field name (display text).
        public var values: [String: String]
        /// Why the row would be rejected or skipped, or what it would be imported without.
        public var messages: [String]
        /// The existing record it would update or that it looks like.
        public var recordID: UUID?
    }

    public var rows: [Row]
    /// The fields the mapped columns fill, in form order, with their labels.
    public var fields: [(name: String, label: String)]
}

/// One row an import did not import (or imported with something left out), and why.
public struct ImportIssue: Sendable, Equatable {
    /// `rejected`, `skipped`, `warning`, or for a revert `kept`.
    public var kind: String
    public var row: Int
    public var line: Int
    public var reason: String
    /// The row's values as read (for the rejected-rows file).
    public var values: [String]
    /// The record the row would have updated or duplicates, or the record a revert kept.
    public var recordID: UUID?

    public init(kind: String, row: Int, line: Int, reason: String, values: [String], recordID: UUID?) {
        self.kind = kind
        self.row = row
        self.line = line
        self.reason = reason
        self.values = values
        self.recordID = recordID
    }
}
