import Foundation
import RapportCore
import SQLKit

/// A live record that looks like another, with the score that says how much.
public struct DuplicateCandidate<M: DuplicateMatching>: Sendable {
    public var id: Record<M>.ID
    public var title: String
    public var ownerID: User.ID?
    public var teamID: Team.ID?
    public var shared: Bool
    public var match: DuplicateMatch
}

/// Finds the records a new one may duplicate, with index seeks only: the shared emails, phones and
/// domains (`contact_points`) and the shared blocking keys (`match_keys`), a bounded number of each,
/// newest first. Those are read (only the matched columns), scored, and the best kept.
///
/// In a block of thousands (every "J. Smith" of a million contacts) only the newest few are
/// compared; an exact address still finds its record however common the name.
enum DuplicateCandidates {
    /// Records read per blocking key and from the contact points.
    static let perKey = 25

    static func find<M: DuplicateMatching>(
        _ record: Record<M>, limit: Int = 5, on sql: any SQLDatabase
    ) async throws -> [DuplicateCandidate<M>] {
        let profile = M.matchProfile(record.values)
        let workspace = record.workspaceID.uuid
        // Every lookup is a branch of one statement (a create's check is one round trip, not one per key).
        var branches: [SQLQueryString] = []
        // Addresses as typed too: the profile drops `+tags`, the stored points keep them.
        let typed = (record.values["emails"]?.emails ?? []).map { "email:" + $0.address.value }
        let points = lookupPoints(M.pointKeys(profile) + typed)
        if !points.isEmpty {
            let values: [any Encodable & Sendable] = points
            branches.append(
                """
                SELECT record_id FROM (SELECT DISTINCT record_id FROM contact_points
                    WHERE workspace_id = \(bind: workspace) AND kind IN ('email', 'phone', 'domain') AND value IN (\(binds: values))
                      AND entity = \(bind: M.name)
                    LIMIT \(literal: perKey * 2)) points
                """)
        }
        for (index, key) in M.matchKeys(profile).enumerated() {
            branches.append(
                """
                SELECT record_id FROM (SELECT record_id FROM match_keys
                    WHERE workspace_id = \(bind: workspace) AND entity = \(bind: M.name) AND key = \(bind: key)
                    ORDER BY record_id DESC LIMIT \(literal: perKey)) \(unsafeRaw: "k\(index)")
                """)
        }
        guard !branches.isEmpty else { return [] }
        let rows = try await MatchRows.read(
            M.self,
            where: """
                workspace_id = \(bind: workspace) AND id IN (\(branches.joined(separator: " UNION ALL ")))
                AND id <> \(bind: record.id.uuid) AND deleted_at IS NULL
                """, on: sql)
        return rows.compactMap { row -> DuplicateCandidate<M>? in
            let match = M.duplicateScore(profile, M.matchProfile(row.values))
            guard match.isCandidate else { return nil }
            return DuplicateCandidate(
                id: .init(row.id), title: row.title, ownerID: row.ownerID, teamID: row.teamID, shared: row.shared,
                match: match)
        }
        .sorted { ($0.match.score, $0.id.uuid.uuidString) > ($1.match.score, $1.id.uuid.uuidString) }
        .prefix(limit).map { $0 }
    }

    /// The stored values to look up for a profile's point keys: addresses as stored (the `+tag`
    /// removed too), phones, and a domain with its parent domains (`eu.acme.com` finds `acme.com`).
    static func lookupPoints(_ keys: [String]) -> [String] {
        var values: [String] = []
        for key in keys {
            guard let colon = key.firstIndex(of: ":") else { continue }
            let value = String(key[key.index(after: colon)...])
            values.append(value)
            if key.hasPrefix("domain:") {
                var labels = value.split(separator: ".")
                while labels.count > 2 {
                    labels.removeFirst()
                    values.append(labels.joined(separator: "."))
                }
            }
        }
        return Array(Set(values)).sorted()
    }
}
