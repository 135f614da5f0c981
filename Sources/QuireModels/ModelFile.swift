internal import Crypto
public import Foundation
public import QuireCore

/// What a model is: recorded in its file's header and in the registry.
public struct ModelInfo: Sendable, Hashable {
    public var name: String
    public var version: Int
    public var kind = "logistic-regression"
    public var labels: [String]
    public var created: String
    public var hyperparameters: Hyperparameters
    /// sha256 over the sorted list of (content hash, label) of the training data, and what it held.
    public var trainingData: JSONValue
    public var metrics: JSONValue
    public var parent: Int?

    public init(name: String, version: Int, labels: [String], created: String, hyperparameters: Hyperparameters,
                trainingData: JSONValue = .emptyObject, metrics: JSONValue = .emptyObject, parent: Int? = nil) {
        self.name = name
        self.version = version
        self.labels = labels
        self.created = created
        self.hyperparameters = hyperparameters
        self.trainingData = trainingData
        self.metrics = metrics
        self.parent = parent
    }
}

/// An error reading a model file, with what to do.
public struct ModelFileError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

/// The model file format, version 1 (documented in docs/models.md):
///
///     "QUIREMDL"                 8 bytes, magic
///     format version             UInt16, little endian (1)
///     header length              UInt32, little endian
///     header                     UTF-8 JSON: name, version, kind, labels, created, temperature,
///                                hyperparameters (with the feature settings), training_data, metrics, parent
///     weights                    features × classes Float32, little endian, row-major by feature
///     bias                       classes Float32, little endian
///     sha256                     32 bytes over everything before it
///
/// Loading checks the magic, the format version, every length and the checksum, and refuses a
/// corrupt, truncated or foreign file with a message that says so.
public enum ModelFile {
    public static let magic = Array("QUIREMDL".utf8)
    public static let formatVersion: UInt16 = 1

    public static func encode(info: ModelInfo, model: LogisticRegression) -> [UInt8] {
        var out = magic
        func u16(_ v: UInt16) { out += [UInt8(v & 0xff), UInt8(v >> 8)] }
        func u32(_ v: UInt32) { out += (0..<4).map { UInt8((v >> (8 * $0)) & 0xff) } }
        u16(formatVersion)
        let header = Array(headerJSON(info, model).jsonString().utf8)
        u32(UInt32(header.count))
        out += header
        out.reserveCapacity(out.count + (model.weights.count + model.bias.count) * 4 + 32)
        for f in model.weights + model.bias {
            let b = f.bitPattern
            out += [UInt8(b & 0xff), UInt8((b >> 8) & 0xff), UInt8((b >> 16) & 0xff), UInt8(b >> 24)]
        }
        out += Array(SHA256.hash(data: out))
        return out
    }

    static func headerJSON(_ i: ModelInfo, _ m: LogisticRegression) -> JSONValue {
        let h = i.hyperparameters, f = h.features
        return [
            "name": .string(i.name), "version": .number(Double(i.version)), "kind": .string(i.kind),
            "labels": .array(i.labels.map(JSONValue.string)), "created": .string(i.created),
            "temperature": .number(Double(m.temperature)), "dimensions": .number(Double(m.dimensions)),
            "hyperparameters": [
                "epochs": .number(Double(h.epochs)), "learning_rate": .number(Double(h.learningRate)), "l2": .number(Double(h.l2)),
                "seed": .string(String(h.seed)), "holdout": .number(h.holdout), "balance_classes": .bool(h.balanceClasses),
                "features": ["hash_bits": .number(Double(f.hashBits)), "word_bigrams": .bool(f.wordBigrams),
                             "char_ngram_min": .number(Double(f.charNGramMin)), "char_ngram_max": .number(Double(f.charNGramMax)),
                             "max_characters": .number(Double(f.maxCharacters)), "edge_tokens": .number(Double(f.edgeTokens))],
            ],
            "training_data": i.trainingData, "metrics": i.metrics, "parent": i.parent.map { .number(Double($0)) } ?? .null,
        ]
    }

    public static func decode(_ bytes: [UInt8]) throws -> (ModelInfo, LogisticRegression) {
        guard bytes.count >= 8 + 2 + 4 + 32 else {
            throw ModelFileError(message: "the model file is \(bytes.count) bytes, too short to be a Quire model; it is truncated or not a model")
        }
        guard Array(bytes[0..<8]) == magic else {
            throw ModelFileError(message: "not a Quire model file (it does not start with QUIREMDL); pass a file written by 'quire model train'")
        }
        let version = UInt16(bytes[8]) | UInt16(bytes[9]) << 8
        guard version == formatVersion else {
            throw ModelFileError(message: "the model file has format version \(version); this quire reads version \(formatVersion): \(version > formatVersion ? "upgrade quire" : "retrain the model")")
        }
        let body = bytes[0..<(bytes.count - 32)]
        guard Array(SHA256.hash(data: body)) == Array(bytes[(bytes.count - 32)...]) else {
            throw ModelFileError(message: "the model file is corrupt: its checksum does not match its contents; restore it from the registry or retrain")
        }
        let headerLength = Int(bytes[10]) | Int(bytes[11]) << 8 | Int(bytes[12]) << 16 | Int(bytes[13]) << 24
        guard 14 + headerLength <= body.count else { throw ModelFileError(message: "the model file's header runs past its end; the file is corrupt") }
        let h: JSONValue
        do { h = try JSONValue.parse(Data(bytes[14..<(14 + headerLength)])) } catch {
            throw ModelFileError(message: "the model file's header is not valid JSON; the file is corrupt")
        }
        guard let name = h["name"]?.stringValue, let v = h["version"]?.intValue, let labels = h["labels"]?.arrayValue?.compactMap(\.stringValue),
              labels.count >= 2, let dims = h["dimensions"]?.intValue, dims > 0, h["kind"] == "logistic-regression" else {
            throw ModelFileError(message: "the model file's header lacks name, version, labels, dimensions or a known kind; the file is corrupt or from another tool")
        }
        let count = dims * labels.count + labels.count
        let start = 14 + headerLength
        guard body.count - start == count * 4 else {
            throw ModelFileError(message: "the model file holds \((body.count - start) / 4) numbers where its header needs \(count); the file is corrupt")
        }
        var floats = [Float](repeating: 0, count: count)
        for i in 0..<count {
            let o = start + i * 4
            floats[i] = Float(bitPattern: UInt32(bytes[o]) | UInt32(bytes[o + 1]) << 8 | UInt32(bytes[o + 2]) << 16 | UInt32(bytes[o + 3]) << 24)
        }
        var hp = Hyperparameters()
        let hj = h["hyperparameters"]
        hp.epochs = hj?["epochs"]?.intValue ?? hp.epochs
        hp.learningRate = Float(hj?["learning_rate"]?.numberValue ?? Double(hp.learningRate))
        hp.l2 = Float(hj?["l2"]?.numberValue ?? Double(hp.l2))
        hp.seed = hj?["seed"]?.stringValue.flatMap { UInt64($0) } ?? hp.seed
        hp.holdout = hj?["holdout"]?.numberValue ?? hp.holdout
        hp.balanceClasses = hj?["balance_classes"]?.boolValue ?? false
        let fj = hj?["features"]
        hp.features.hashBits = fj?["hash_bits"]?.intValue ?? hp.features.hashBits
        hp.features.wordBigrams = fj?["word_bigrams"]?.boolValue ?? hp.features.wordBigrams
        hp.features.charNGramMin = fj?["char_ngram_min"]?.intValue ?? hp.features.charNGramMin
        hp.features.charNGramMax = fj?["char_ngram_max"]?.intValue ?? hp.features.charNGramMax
        hp.features.maxCharacters = fj?["max_characters"]?.intValue ?? hp.features.maxCharacters
        hp.features.edgeTokens = fj?["edge_tokens"]?.intValue ?? 0   // a file from before edge features had none
        guard 1 << hp.features.hashBits == dims else { throw ModelFileError(message: "the model file's feature settings do not match its size; the file is corrupt") }
        let info = ModelInfo(name: name, version: v, labels: labels, created: h["created"]?.stringValue ?? "", hyperparameters: hp,
                             trainingData: h["training_data"] ?? .emptyObject, metrics: h["metrics"] ?? .emptyObject, parent: h["parent"]?.intValue)
        let model = LogisticRegression(labels: labels, dimensions: dims, weights: Array(floats[0..<(dims * labels.count)]),
                                       bias: Array(floats[(dims * labels.count)...]), temperature: Float(h["temperature"]?.numberValue ?? 1))
        return (info, model)
    }
}
