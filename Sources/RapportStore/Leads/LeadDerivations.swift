import Foundation
import RapportCore
import SQLKit

/// Rules for lead writes that need the lead as it was.
enum LeadDerivations {
    /// A converted lead stays converted: its account, contact and deal carry on from it.
    static func convertedStays() -> WriteDerivation<Lead> {
        WriteDerivation { record, previous, _, _ in
            guard let previous, previous["converted_at"] != nil else { return }
            if record["status"] != previous["status"] {
                throw RapportError.invalid(field: "status", reason: "a converted lead stays converted; work on its contact and deal")
            }
        }
    }
}
