import Foundation
import HummingbirdBcrypt
import NIOPosix
import RapportCore

/// bcrypt password hashing, run off the event loops (a hash takes ~250 ms at cost 12).
public struct Passwords: Sendable {
    public let cost: UInt8

    public init(cost: UInt8) { self.cost = cost }

    /// The rules a new password must meet.
    public static func validate(_ password: String) throws(RapportError) {
        guard password.count >= 10 else {
            throw .invalid(field: "password", reason: "must be at least 10 characters")
        }
        guard password.utf8.count <= 72 else {
            throw .invalid(field: "password", reason: "must be at most 72 bytes (bcrypt's limit)")
        }
    }

    public func hash(_ password: String) async throws -> String {
        let cost = self.cost
        return try await NIOThreadPool.singleton.runIfActive { Bcrypt.hash(password, cost: cost) }
    }

    public func verify(_ password: String, hash: String) async throws -> Bool {
        guard password.utf8.count <= 72 else { return false }
        return try await NIOThreadPool.singleton.runIfActive { Bcrypt.verify(password, hash: hash) }
    }

    /// A random password people can type: four groups of letters and digits.
    public static func generate() -> String {
        let alphabet = Array("abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")
        var generator = SystemRandomNumberGenerator()
        return (0..<4).map { _ in String((0..<5).map { _ in alphabet.randomElement(using: &generator)! }) }
            .joined(separator: "-")
    }
}
