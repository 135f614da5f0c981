public import Foundation
import QuireCore

/// `POST /v1/models/{name}/train`: what a training run on the server learns from and how. The
/// server's stored examples (or, for `fields`, its approved reviews) are used unless `stored` is
/// false; `examples` are labelled texts the client read from its own folders.
public struct TrainingRequest: Sendable, Codable, Equatable {
    public struct Example: Sendable, Codable, Equatable {
        public var text: String
        public var label: String
        public var pageCount: Int?
        /// Documents of one vendor or source share a group, so cross-validation keeps them in one fold.
        public var group: String?
        public var source: String?
        enum CodingKeys: String, CodingKey { case text, label, pageCount = "page_count", group, source }
        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            text = try c.decode(String.self, forKey: .text)
            label = try c.decode(String.self, forKey: .label)
            pageCount = c.contains(.pageCount) ? try c.decode(Int.self, forKey: .pageCount) : nil
            group = c.contains(.group) ? try c.decode(String.self, forKey: .group) : nil
            source = c.contains(.source) ? try c.decode(String.self, forKey: .source) : nil
        }
        public init(text: String, label: String, pageCount: Int? = nil, group: String? = nil, source: String? = nil) {
            self.text = text
            self.label = label
            self.pageCount = pageCount
            self.group = group
            self.source = source
        }
    }

    public var examples: [Example] = []
    public var stored = true
    public var generated = 0
    public var generatedSeed: UInt64 = 7
    public var seed: UInt64 = 42
    public var epochs = 12
    public var hashBits = 16
    public var balanceClasses = false
    public var cv: Int?
    public var promote = false
    public init() {}

    public static let maxExamples = 50_000
    /// Seeds travel as JSON numbers: whole numbers every JSON reader keeps exact.
    public static let maxSeed: UInt64 = (1 << 53) - 1
    public static let maxTextCharacters = 1 << 20
    /// The most a request's body may be (examples are texts, not documents).
    public static let maxBodyBytes = 64 << 20

    enum CodingKeys: String, CodingKey {
        case examples, stored, generated, generatedSeed = "generated_seed", seed, epochs, hashBits = "hash_bits", balanceClasses = "balance_classes", cv, promote
    }

    /// Absent keys take their defaults; a key that is there must hold its type (null is no number).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        func value<T: Decodable>(_ key: CodingKeys, _ fallback: T) throws -> T { c.contains(key) ? try c.decode(T.self, forKey: key) : fallback }
        examples = try value(.examples, [])
        stored = try value(.stored, true)
        generated = try value(.generated, 0)
        generatedSeed = try value(.generatedSeed, 7)
        seed = try value(.seed, 42)
        epochs = try value(.epochs, 12)
        hashBits = try value(.hashBits, 16)
        balanceClasses = try value(.balanceClasses, false)
        cv = c.contains(.cv) ? try c.decode(Int.self, forKey: .cv) : nil
        promote = try value(.promote, false)
    }

    /// Reads and checks a request body: every number in its range, every label a name, every text bounded.
    public static func parse(_ body: Data) throws -> TrainingRequest {
        let r: TrainingRequest
        do {
            r = try JSONDecoder().decode(TrainingRequest.self, from: body.isEmpty ? Data("{}".utf8) : body)
        } catch {
            throw QuireError(.invalidArgument, "the training request is not what POST /v1/models/{name}/train takes (\(Self.describe(error))); see docs/openapi.yaml")
        }
        func check(_ ok: Bool, _ message: @autoclosure () -> String) throws { if !ok { throw QuireError(.invalidArgument, message()) } }
        try check((0...20_000).contains(r.generated), "generated must be from 0 to 20000")
        try check((1...200).contains(r.epochs), "epochs must be from 1 to 200")
        try check(r.seed <= maxSeed && r.generatedSeed <= maxSeed, "seed and generated_seed must be from 0 to \(maxSeed)")
        try check((10...22).contains(r.hashBits), "hash_bits must be from 10 to 22")
        try check(r.cv.map { (2...20).contains($0) } ?? true, "cv must be from 2 to 20 folds")
        try check(r.examples.count <= maxExamples, "at most \(maxExamples) examples in one request")
        for (i, e) in r.examples.enumerated() {
            try check(e.label.wholeMatch(of: /[a-z][a-z0-9_]{0,63}/) != nil, "examples[\(i)].label must be a label name (lower-case letters, digits, _), not '\(e.label.prefix(80))'")
            try check(e.text.count <= maxTextCharacters, "examples[\(i)].text is over \(maxTextCharacters) characters")
            try check(e.pageCount.map { (1...10_000).contains($0) } ?? true, "examples[\(i)].page_count must be from 1 to 10000")
            try check((e.group?.count ?? 0) <= 512 && (e.source?.count ?? 0) <= 512, "examples[\(i)]: group and source are at most 512 characters")
        }
        return r
    }

    static func describe(_ error: any Error) -> String {
        switch error as? DecodingError {
        case .typeMismatch(_, let c), .valueNotFound(_, let c), .dataCorrupted(let c):
            let path = c.codingPath.map { $0.intValue.map { "[\($0)]" } ?? "." + $0.stringValue }.joined()
            return path.isEmpty ? c.debugDescription : "\(path.hasPrefix(".") ? String(path.dropFirst()) : path): \(c.debugDescription)"
        case .keyNotFound(let k, let c):
            let path = (c.codingPath + [k]).map { $0.intValue.map { "[\($0)]" } ?? "." + $0.stringValue }.joined()
            return "\(path.hasPrefix(".") ? String(path.dropFirst()) : path) is missing"
        default: return "\(error)"
        }
    }
}

/// A training run on the server, as `GET /v1/trainings/{id}` shows it while it runs and after.
public struct TrainingStatus: Sendable, Codable, Equatable {
    public enum State: String, Sendable, Codable { case running, done, failed }
    public var id: String
    public var name: String
    public var state: State
    /// Who started it (the token's name).
    public var actor: String
    public var startedAt: Date
    public var finishedAt: Date?
    /// What the run reported, line by line, as `quire model train` prints it.
    public var lines: [String] = []
    public var epoch: Int?
    public var epochs: Int?
    public var fold: Int?
    public var folds: Int?
    /// The version it registered, and whether it was promoted.
    public var version: Int?
    public var promoted: Bool?
    public var error: String?

    public init(id: String, name: String, actor: String, startedAt: Date) {
        self.id = id
        self.name = name
        self.state = .running
        self.actor = actor
        self.startedAt = startedAt
    }

    enum CodingKeys: String, CodingKey {
        case id, name, state, actor, startedAt = "started_at", finishedAt = "finished_at", lines, epoch, epochs, fold, folds, version, promoted, error
    }

    public static let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.dateEncodingStrategy = .iso8601
        e.outputFormatting = .sortedKeys
        return e
    }()
    public static let decoder: JSONDecoder = {
        let d = JSONDecoder()
        d.dateDecodingStrategy = .iso8601
        return d
    }()
}
