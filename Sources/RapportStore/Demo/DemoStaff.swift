import Foundation
import RapportCore

/// Northwind Instruments' teams: Sales with two regional sub-teams, Service, Billing, Marketing.
enum DemoTeam: Int, CaseIterable, Sendable {
    case sales, salesEMEA, salesAmericas, service, billing, marketing

    var name: String {
        switch self {
        case .sales: "Sales"
        case .salesEMEA: "Sales — EMEA"
        case .salesAmericas: "Sales — Americas"
        case .service: "Service"
        case .billing: "Billing"
        case .marketing: "Marketing"
        }
    }

    var parent: DemoTeam? {
        switch self {
        case .salesEMEA, .salesAmericas: .sales
        default: nil
        }
    }
}

/// The people of Northwind who use Rapport. Their order is the order of `DemoWorkspace.users`.
enum DemoStaff: Int, CaseIterable, Sendable {
    case maya, daniel, sophie, jonas, olivia, ethan, priya, lucas, hannah, aiko, grace

    var name: String {
        switch self {
        case .maya: "Maya Chen"
        case .daniel: "Daniel Okafor"
        case .sophie: "Sophie Laurent"
        case .jonas: "Jonas Becker"
        case .olivia: "Olivia Martínez"
        case .ethan: "Ethan Brooks"
        case .priya: "Priya Raman"
        case .lucas: "Lucas Moreau"
        case .hannah: "Hannah Schmidt"
        case .aiko: "Aiko Tanaka"
        case .grace: "Grace Whitfield"
        }
    }

    /// `first.last@demo.rapport.test`, on the reserved `.test` top-level domain.
    var email: String {
        let parts = name.split(separator: " ").map { DemoNames.emailPart(String($0), culture: .english) }
        return parts.joined(separator: ".") + "@demo.rapport.test"
    }

    var role: Role {
        switch self {
        case .maya: .admin
        case .daniel, .priya: .manager
        case .grace: .viewer
        default: .rep
        }
    }

    /// Maya runs the CRM from Sales Operations; Grace is a read-only sales assistant in EMEA.
    var team: DemoTeam {
        switch self {
        case .maya, .daniel: .sales
        case .sophie, .jonas, .grace: .salesEMEA
        case .olivia, .ethan: .salesAmericas
        case .priya, .lucas: .service
        case .hannah: .billing
        case .aiko: .marketing
        }
    }

    var timeZone: String {
        switch self {
        case .maya, .daniel, .ethan: "America/New_York"
        case .olivia: "America/Chicago"
        case .aiko: "America/Los_Angeles"
        case .sophie, .lucas: "Europe/Paris"
        case .jonas, .hannah: "Europe/Berlin"
        case .priya, .grace: "Europe/London"
        }
    }

    /// Who owns the accounts of a territory.
    static func owner(of territory: DemoTerritory) -> DemoStaff {
        switch territory {
        case .emeaSouth: .sophie
        case .emeaNorth: .jonas
        case .americasEast: .ethan
        case .americasWest: .olivia
        case .apac: .daniel
        }
    }
}
