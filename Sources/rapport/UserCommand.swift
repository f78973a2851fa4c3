import ArgumentParser
import Foundation
import RapportCore
import RapportServer
import RapportStore

/// `rapport user create|list|passwd`.
struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user", abstract: "Manage users.", subcommands: [Create.self, List.self, Passwd.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a user.")
        @OptionGroup var store: StoreOptions
        @Option(help: "Email address to sign in with.") var email: String
        @Option(help: "Password (at least 10 characters).") var password: String
        @Option(help: "admin, manager, rep or viewer.") var role: String = "rep"
        @Option(help: "Team (department) name; created if new.") var team: String?
        @Option(help: "Full name (default: from the email).") var name: String?

        func run() async throws {
            guard let role = Role(rawValue: role.lowercased()) else {
                throw ValidationError("--role must be one of: admin, manager, rep, viewer")
            }
            let email: EmailAddress
            do { email = try EmailAddress(self.email) } catch { throw ValidationError("--email is not a valid email address") }
            do { try Passwords.validate(password) } catch { throw ValidationError("--password must be 10 to 72 characters") }
            let store = try await self.store.openStore(logger: CLILog.make())
            do {
                let workspace = try await store.directory.defaultWorkspace()
                var teamID: Team.ID?
                if let team { teamID = try await store.directory.team(named: team, in: workspace.id).id }
                let hash = try await Passwords(cost: self.store.config().bcryptCost).hash(password)
                let displayName = name ?? email.value.split(separator: "@").first.map { $0.replacingOccurrences(of: ".", with: " ").capitalized } ?? email.value
                let user = try await store.directory.createUser(
                    email: email, name: displayName, passwordHash: hash, role: role, team: teamID, in: workspace.id)
                Console.print("Created \(user.role.rawValue) \(user.email.value) (\(user.id)).")
                await store.db.close()
            } catch RapportError.invalid(let issues) {
                await store.db.close()
                throw ValidationError(issues.map { "\($0.field) \($0.reason)" }.joined(separator: "; "))
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List users.")
        @OptionGroup var store: StoreOptions

        func run() async throws {
            let store = try await self.store.openStore(logger: CLILog.make())
            let workspace = try await store.directory.defaultWorkspace()
            let teams = Dictionary(uniqueKeysWithValues: try await store.directory.teams(in: workspace.id).map { ($0.id, $0.name) })
            for user in try await store.directory.users(in: workspace.id) {
                let team = user.teamID.flatMap { teams[$0] } ?? "-"
                Console.print([user.email.value, user.name, user.role.rawValue, team, user.active ? "active" : "inactive"].joined(separator: "\t"))
            }
            await store.db.close()
        }
    }

    struct Passwd: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Set a user's password (ends their sessions).")
        @OptionGroup var store: StoreOptions
        @Option(help: "The user's email.") var email: String
        @Option(help: "The new password (at least 10 characters).") var password: String

        func run() async throws {
            do { try Passwords.validate(password) } catch { throw ValidationError("--password must be 10 to 72 characters") }
            let (store, user) = try await TokenCommand.user(self.store, email)
            try await store.directory.setPassword(user.id, hash: try await Passwords(cost: self.store.config().bcryptCost).hash(password))
            Console.print("Password changed for \(user.email.value).")
            await store.db.close()
        }
    }
}

/// `rapport token create|revoke|list`.
struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token", abstract: "Manage API tokens.", subcommands: [Create.self, Revoke.self, List.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create an API token; it is printed once, as the last line.")
        @OptionGroup var store: StoreOptions
        @Option(help: "Email of the user the token acts as.") var email: String
        @Option(help: "A name to recognise the token by.") var name: String

        func run() async throws {
            let (store, user) = try await TokenCommand.user(self.store, email)
            do {
                let (token, secret) = try await store.tokens.create(for: user, name: name)
                Console.print("Created token \(token.prefix)… for \(user.email.value). Store it now; it will not be shown again:")
                Console.print(secret)
                await store.db.close()
            } catch RapportError.invalid(let issues) {
                await store.db.close()
                throw ValidationError(issues.map { "--\($0.field) \($0.reason)" }.joined(separator: "; "))
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a token by its ID or prefix.")
        @OptionGroup var store: StoreOptions
        @Option(help: "Email of the token's user.") var email: String
        @Argument(help: "The token's ID or the prefix shown at creation (rpt_xxxxxx).") var token: String

        func run() async throws {
            let (store, user) = try await TokenCommand.user(self.store, email)
            let count = try await store.tokens.revoke(idOrPrefix: token, of: user.id)
            await store.db.close()
            guard count > 0 else { throw ValidationError("No live token of \(user.email.value) matches \(token).") }
            Console.print("Revoked \(count) token\(count == 1 ? "" : "s").")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List a user's tokens.")
        @OptionGroup var store: StoreOptions
        @Option(help: "Email of the user.") var email: String

        func run() async throws {
            let (store, user) = try await TokenCommand.user(self.store, email)
            for token in try await store.tokens.list(for: user.id) {
                let state = token.revokedAt.map { "revoked \($0.iso8601)" } ?? "active"
                Console.print([token.id.uuidString.lowercased(), token.prefix, token.name, token.createdAt.iso8601, state].joined(separator: "\t"))
            }
            await store.db.close()
        }
    }

    /// Opens the store and finds the user with an email; the caller closes the store.
    static func user(_ options: StoreOptions, _ emailText: String) async throws -> (Store, User) {
        guard let email = try? EmailAddress(emailText) else { throw ValidationError("--email is not a valid email address") }
        let store = try await options.openStore(logger: CLILog.make())
        guard let (user, _) = try await store.directory.credentials(email: email) else {
            await store.db.close()
            throw ValidationError("No user has the email \(email.value).")
        }
        return (store, user)
    }
}
