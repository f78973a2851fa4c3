import Foundation
import Logging
import RapportStore

/// Everything the server reads from flags and the environment.
public struct AppConfig: Sendable {
    /// Interface to listen on (`--host`, default 127.0.0.1).
    public var host: String = "127.0.0.1"
    /// Port to listen on (`--port`, default 8080; 0 picks a free one).
    public var port: Int = 8080
    /// Folder for the SQLite database and files (`--data-dir`, default ./rapport-data).
    public var dataDirectory: String = "./rapport-data"
    /// `RAPPORT_DATABASE_URL` / `--database-url`: a postgres:// URL switches to PostgreSQL.
    public var databaseURL: String?
    /// Load the demo workspace on start (`--demo`).
    public var demo: Bool = false
    /// bcrypt cost for new password hashes (`RAPPORT_BCRYPT_COST`, default 12; tests use 4).
    public var bcryptCost: UInt8 = 12
    /// Mark cookies `Secure` (`RAPPORT_SECURE_COOKIES=1`; set it when serving over HTTPS).
    public var secureCookies: Bool = false
    /// Largest accepted request body in bytes (`RAPPORT_MAX_BODY_BYTES`, default 1 MiB).
    public var maxBodyBytes: Int = 1 << 20
    /// Who may embed the public web-to-lead forms in a frame (`RAPPORT_FORM_FRAME_ANCESTORS`, a CSP
    /// `frame-ancestors` source list; default `*`, any site). Every other page refuses framing.
    public var formFrameAncestors: String = "*"
    /// Where templates and static files are; defaults to the bundled resources.
    public var resourcesDirectory: String?

    public init() {}

    /// The database location these settings name.
    public var databaseLocation: Database.Location {
        .resolve(databaseURL: databaseURL, dataDirectory: dataDirectory)
    }

    /// Reads the environment variables listed above over the defaults.
    public mutating func applyEnvironment(_ env: [String: String] = ProcessInfo.processInfo.environment) {
        if let url = env["RAPPORT_DATABASE_URL"], !url.isEmpty, databaseURL == nil { databaseURL = url }
        if let cost = env["RAPPORT_BCRYPT_COST"].flatMap(UInt8.init), (4...31).contains(cost) { bcryptCost = cost }
        if let secure = env["RAPPORT_SECURE_COOKIES"] { secureCookies = ["1", "true", "yes"].contains(secure.lowercased()) }
        if let ancestors = env["RAPPORT_FORM_FRAME_ANCESTORS"]?.trimmingCharacters(in: .whitespaces), !ancestors.isEmpty,
            !ancestors.contains(";"), !ancestors.contains(",")
        {
            formFrameAncestors = ancestors
        }
        if let bytes = env["RAPPORT_MAX_BODY_BYTES"].flatMap(Int.init), bytes > 1024 { maxBodyBytes = bytes }
    }
}
