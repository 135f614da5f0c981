public import Foundation
import QuireCore

/// A sparse feature vector: sorted, unique indices with their values (L2-normalised).
public struct SparseVector: Sendable, Hashable {
    public var indices: [Int32]
    public var values: [Float]
}

/// How documents become features; stored in the model so prediction uses the same settings.
public struct FeatureConfiguration: Sendable, Hashable, Codable {
    /// log2 of the hashed feature space (16 → 65,536 buckets).
    public var hashBits: Int = 16
    public var wordBigrams = true
    /// Character n-grams inside words (with boundary marks), lengths from...to; 0 turns them off.
    public var charNGramMin = 3
    public var charNGramMax = 4
    /// At most this many characters of a document are read (a 500-page PDF needs no more to tell its type).
    public var maxCharacters = 20_000
    /// The first and the last this many words also count as features of their own ("head:", "tail:"
    /// and their keyword groups): a title (AVOIR, RECEIPT, MEMORANDUM) and a closing (Sincerely,
    /// Thank you) say more than the same word in the body. 0 turns them off (models from before).
    public var edgeTokens = 40

    public init() {}
}

/// Turns a document's text (and page count) into hashed features: word unigrams and bigrams,
/// character n-grams, and layout and keyword signals (how many amounts, dates, IBANs and VAT ids;
/// invoice, credit-note, receipt, order, contract and letter words in six languages; page count;
/// length). The hash is FNV-1a, the same on every machine and every run (Swift's `Hasher` is seeded
/// per process and would make a saved model useless).
public struct FeatureExtractor: Sendable {
    public var configuration: FeatureConfiguration

    public init(configuration: FeatureConfiguration = FeatureConfiguration()) {
        self.configuration = configuration
    }

    /// Keyword groups, lower case, matched as whole tokens or token pairs.
    static let keywordGroups: [(String, [String])] = [
        ("invoice", ["invoice", "rechnung", "facture", "factuur", "factura", "fattura", "rechnungsnummer", "factuurnummer", "invoiced", "bill"]),
        ("credit", ["credit note", "gutschrift", "avoir", "creditnota", "abono", "rectificativa", "nota di credito", "nota de crédito", "refund", "erstattung",
                    "remboursement", "storno", "rechnungskorrektur", "corrects", "credited"]),
        ("receipt", ["receipt", "quittung", "kassenbon", "beleg", "reçu", "ticket", "kassabon", "bon", "ricevuta", "scontrino", "recibo", "cash", "change",
                     "bar", "rückgeld", "espèces", "contant", "visa", "mastercard", "card", "karte", "carte"]),
        ("order", ["purchase order", "bestellung", "order", "commande", "bestelling", "inkooporder", "pedido", "ordine", "deliver", "liefern", "livrer",
                   "leveren", "entregar", "consegnare", "po"]),
        ("contract", ["agreement", "contract", "vertrag", "contrat", "overeenkomst", "contrato", "contratto", "clause", "article", "artikel", "§",
                      "termination", "kündigung", "résiliation", "parties", "vertragsparteien", "signature", "unterschrift", "hereinafter"]),
        ("letter", ["dear", "sehr", "geehrte", "madame", "monsieur", "geachte", "estimado", "estimada", "gentile", "regards", "grüßen", "cordialement",
                    "groet", "saludos", "cordiali", "sincerely"]),
        ("tax", ["vat", "mwst", "ust", "tva", "btw", "iva", "tax", "steuer"]),
        ("payment", ["iban", "bic", "swift", "payable", "zahlbar", "due", "fällig", "échéance", "vervaldatum", "vencimiento", "scadenza"]),
    ]

    static let keywordIndex: [String: String] = {
        var m: [String: String] = [:]
        for (g, words) in keywordGroups { for w in words where m[w] == nil { m[w] = g } }
        return m
    }()

    /// FNV-1a over bytes, 64-bit, with a prefix byte per feature family.
    @inline(__always)
    static func fnv(_ prefix: UInt8, _ bytes: some Sequence<UInt8>) -> UInt64 {
        StableHash.fnv1a(bytes, prefix: prefix)
    }

    public func features(text: String, pageCount: Int = 1) -> SparseVector {
        let c = configuration
        let mask = UInt64((1 << c.hashBits) - 1)
        var counts: [Int32: Float] = [:]
        counts.reserveCapacity(2048)
        @inline(__always) func add(_ h: UInt64, _ w: Float = 1) { counts[Int32(truncatingIfNeeded: h & mask), default: 0] += w }

        // Tokens: lower-cased runs of letters and digits (digits collapsed to 0, so numbers share features).
        var tokens: [[UInt8]] = []
        var shapes = (amounts: 0, dates: 0, ibans: 0, vatIDs: 0, percents: 0)
        var raw = String.UnicodeScalarView()
        var read = 0
        func flushRaw() {
            guard !raw.isEmpty else { return }
            FeatureExtractor.shape(String(raw), into: &shapes)
            raw = String.UnicodeScalarView()
        }
        var current: [UInt8] = []
        func flushToken() {
            if !current.isEmpty { tokens.append(current); current = [] }
        }
        // Unicode scalars, not Characters: grapheme breaking would cost more than everything else here.
        for scalar in text.unicodeScalars {
            read += 1
            if read > c.maxCharacters { break }
            let p = scalar.properties
            if p.isWhitespace { flushRaw() } else { raw.append(scalar) }
            if scalar.isASCII, (48...57).contains(scalar.value) {
                current.append(UInt8(ascii: "0"))
            } else if scalar.isASCII, p.isAlphabetic {
                let v = UInt8(scalar.value)
                current.append(v >= 65 && v <= 90 ? v + 32 : v)
            } else if p.isAlphabetic || scalar == "§" {
                current.append(contentsOf: Array(p.lowercaseMapping.utf8))
            } else if p.numericType != nil {
                current.append(UInt8(ascii: "0"))
            } else {
                flushToken()
            }
        }
        flushRaw()
        flushToken()

        for (i, t) in tokens.enumerated() {
            add(Self.fnv(1, t))
            if c.wordBigrams, i > 0 { add(Self.fnv(2, tokens[i - 1] + [32] + t)) }
            if c.charNGramMax > 0, t.count >= 3, t.first != UInt8(ascii: "0") {
                let marked: [UInt8] = [60] + t + [62]   // <word>
                for n in c.charNGramMin...c.charNGramMax where marked.count >= n {
                    for s in 0...(marked.count - n) { add(Self.fnv(UInt8(10 + n), marked[s..<(s + n)]), 0.5) }
                }
            }
        }
        // Keyword groups (unigrams and bigrams).
        var groups: [String: Int] = [:]
        for (i, t) in tokens.enumerated() {
            let w = String(decoding: t, as: UTF8.self)
            if let g = Self.keywordIndex[w] { groups[g, default: 0] += 1 }
            if i > 0, let g = Self.keywordIndex[String(decoding: tokens[i - 1], as: UTF8.self) + " " + w] { groups[g, default: 0] += 2 }
        }
        for (g, n) in groups { add(Self.fnv(3, Array(("kw:" + g).utf8)), Float(log2(1 + Double(n))) * 2) }
        // The document's edges: its first and last words, and their keyword groups.
        if c.edgeTokens > 0, !tokens.isEmpty {
            let n = min(c.edgeTokens, tokens.count)
            for (prefix, range) in [("head:", 0..<n), ("tail:", (tokens.count - n)..<tokens.count)] {
                var seen = Set<String>()
                for i in range {
                    let w = String(decoding: tokens[i], as: UTF8.self)
                    if !w.allSatisfy({ $0 == "0" }) { add(Self.fnv(5, Array((prefix + w).utf8))) }
                    if let g = Self.keywordIndex[w], seen.insert(g).inserted { add(Self.fnv(5, Array((prefix + "kw:" + g).utf8)), 2) }
                    if i > range.lowerBound, let g = Self.keywordIndex[String(decoding: tokens[i - 1], as: UTF8.self) + " " + w], seen.insert(g).inserted {
                        add(Self.fnv(5, Array((prefix + "kw:" + g).utf8)), 2)
                    }
                }
            }
        }
        // Layout signals, bucketed.
        func bucket(_ name: String, _ n: Int) {
            let b = n == 0 ? "0" : n == 1 ? "1" : n <= 3 ? "2-3" : n <= 8 ? "4-8" : n <= 20 ? "9-20" : "21+"
            add(Self.fnv(4, Array("sig:\(name)=\(b)".utf8)), 2)
        }
        bucket("amounts", shapes.amounts)
        bucket("dates", shapes.dates)
        bucket("ibans", shapes.ibans)
        bucket("vat", shapes.vatIDs)
        bucket("percent", shapes.percents)
        bucket("pages", pageCount)
        bucket("words", tokens.count / 25)

        // Sublinear term frequency, then L2 normalisation.
        var pairs = counts.map { ($0.key, Float(1 + log(Double($0.value)))) }
        pairs.sort { $0.0 < $1.0 }
        let norm = sqrt(pairs.reduce(Float(0)) { $0 + $1.1 * $1.1 })
        return SparseVector(indices: pairs.map(\.0), values: pairs.map { norm > 0 ? $0.1 / norm : 0 })
    }

    /// Counts the shapes of one whitespace-separated token: amount, date, IBAN, VAT id, percentage.
    static func shape(_ s: String, into shapes: inout (amounts: Int, dates: Int, ibans: Int, vatIDs: Int, percents: Int)) {
        let u = Array(s.utf8)
        let trimmed = u.drop(while: { !isDigit($0) && !isLetter($0) }).reversed().drop(while: { !isDigit($0) && !isLetter($0) }).reversed()
        let t = Array(trimmed)
        guard !t.isEmpty else { return }
        if s.hasSuffix("%") && t.allSatisfy({ isDigit($0) || $0 == 46 || $0 == 44 }) { shapes.percents += 1; return }
        // Amount: digits with separators, ending in a separator and two digits.
        if t.count >= 4, isDigit(t[t.count - 1]), isDigit(t[t.count - 2]), t[t.count - 3] == 46 || t[t.count - 3] == 44,
           t.allSatisfy({ isDigit($0) || $0 == 46 || $0 == 44 || $0 == 39 }) { shapes.amounts += 1; return }
        // Date: three digit groups split by . / -
        let parts = t.split(whereSeparator: { $0 == 46 || $0 == 47 || $0 == 45 })
        if parts.count == 3, parts.allSatisfy({ $0.allSatisfy(isDigit) && (1...4).contains($0.count) }), t.count >= 6 { shapes.dates += 1; return }
        // IBAN / VAT id: two letters, then mostly digits.
        if t.count >= 10, isLetter(t[0]), isLetter(t[1]) {
            let rest = t.dropFirst(2)
            if t.count >= 15, isDigit(t[2]), isDigit(t[3]), rest.allSatisfy({ isDigit($0) || isLetter($0) }) { shapes.ibans += 1; return }
            if rest.filter(isDigit).count >= 8 { shapes.vatIDs += 1 }
        }
    }
    @inline(__always) static func isDigit(_ b: UInt8) -> Bool { b >= 48 && b <= 57 }
    @inline(__always) static func isLetter(_ b: UInt8) -> Bool { (b >= 97 && b <= 122) || (b >= 65 && b <= 90) }
}
