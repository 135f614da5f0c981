public import Foundation
public import QuireCore
import Crypto

/// Bearer tokens: 256 random bits, shown once, kept only as their SHA-256.
public enum Tokens {
    public static func hash(_ secret: String) -> String {
        SHA256.hash(data: Data(secret.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// Creates a token; returns its record and the secret (to show once).
    public static func create(store: any Store, name: String, role: Role, tenants: [String], expiresIn: Double?, by actor: String,
                              now: Date = Date()) async throws -> (TokenRecord, String) {
        var rng = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &rng) }
        let secret = "qt_" + Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        let id = "tok_" + String((0..<10).map { _ in "0123456789abcdefghijklmnopqrstuvwxyz".randomElement(using: &rng)! })
        let record = TokenRecord(id: id, name: name, role: role, tenants: tenants, hash: hash(secret), createdAt: now,
                                 expiresAt: expiresIn.map { now.addingTimeInterval($0) }, createdBy: actor)
        try await store.createToken(record)
        return (record, secret)
    }

    /// The principal of a presented token, if it is known, unrevoked and unexpired.
    public static func authenticate(_ secret: String, store: any Store, now: Date = Date()) async throws -> TokenRecord? {
        guard let t = try await store.token(hash: hash(secret)), t.isValid(at: now) else { return nil }
        return t
    }
}

