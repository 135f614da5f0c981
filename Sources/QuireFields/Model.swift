import Foundation
public import QuireCore

/// A word on a page with its box in PDF points (origin top left) and, for OCR, its confidence (0...1).
public struct SourceWord: Sendable, Hashable {
    public var text: String
    public var x0: Double, y0: Double, x1: Double, y1: Double
    public var confidence: Double?
    public var page: Int
    /// Clockwise degrees the word is turned on the page (90: it reads down the page, 270: up it; 0 along the line).
    public var rotation: Int = 0
    /// A turned word's box on the page, where `x0`…`y1` place it in its line laid down below the page's text (see
    /// `DocumentText.layDown`); nil for a word that is where it is printed.
    public var printedBox: [Double]?

    public init(text: String, x0: Double, y0: Double, x1: Double, y1: Double, confidence: Double? = nil, page: Int, rotation: Int = 0) {
        self.text = text
        self.x0 = x0
        self.y0 = y0
        self.x1 = x1
        self.y1 = y1
        self.confidence = confidence
        self.page = page
        self.rotation = rotation
    }

    /// Whether the word has a letter or figure (not a mark alone: "|", "-", ".").
    public var isReadable: Bool { text.contains { $0.isLetter || $0.isNumber } }

    /// The word as the fields stage's output carries it (box on the page, rounded to 0.01 pt).
    public var output: ExtractedFields.Word {
        ExtractedFields.Word(text: text, box: (printedBox ?? [x0, y0, x1, y1]).map(r), confidence: confidence.map(r))
    }
    private func r(_ x: Double) -> Double { (x * 100).rounded() / 100 }
}

/// How a field's type is parsed and checked.
public enum FieldType: String, Sendable, CaseIterable {
    case text, identifier, date, amount, currency, iban, bic, vatID = "vat_id", percent, lines
}

/// One field a schema wants.
public struct FieldDefinition: Sendable, Hashable {
    public var name: String
    public var type: FieldType
    public var required: Bool
    /// Labels that announce the value, lower case, in any of the six languages.
    public var labels: [String]
    /// For a pipeline's own fields: a regex whose first group (or whole match) is the value.
    public var pattern: String?

    public init(name: String, type: FieldType, required: Bool = false, labels: [String] = [], pattern: String? = nil) {
        self.name = name
        self.type = type
        self.required = required
        self.labels = labels
        self.pattern = pattern
    }
}

/// A value that was considered for a field.
public struct Candidate: Sendable {
    public var value: JSONValue
    public var text: String
    public var score: Double
    public var strategy: String
    public var page: Int?
    public var words: [SourceWord]
    public var note: String
    /// Found in the block of another party (the buyer's, a fiscal representative's): not the seller's,
    /// whatever its label says.
    public var otherParty = false
    /// A name in the address window or under a buyer's label: the document's addressee (the buyer, but the seller of a
    /// self-billed invoice).
    public var addressee = false
    /// How many rules found this value (equal candidates are merged into one).
    public var support = 1
    /// What the rule that found the value doubts about it (a rounding line below a receipt's total that OCR
    /// could not read): chosen, the value fails the check `rule_doubt` with this reason, so a person looks.
    public var doubt: String?

    public init(value: JSONValue, text: String, score: Double, strategy: String, page: Int? = nil, words: [SourceWord] = [], note: String = "") {
        self.value = value
        self.text = text
        self.score = score
        self.strategy = strategy
        self.page = page
        self.words = words
        self.note = note
    }
}

/// An extracted field: its value with confidence and provenance, the checks it went through and
/// the alternatives that lost.
public struct ExtractedField: Sendable {
    public var name: String
    public var value: JSONValue
    public var text: String
    public var confidence: Double
    public var strategy: String
    public var page: Int?
    public var words: [SourceWord]
    public var checks: [CheckResult]
    public var alternatives: [Candidate]
    /// Which rule found the value, and how many agreed (the ranker's features).
    public var note: String
    public var support: Int
    /// The rules' score for the value before any cap on the confidence (what the ranker compares).
    public var ruleScore: Double?

    public init(name: String, best: Candidate, alternatives: [Candidate] = []) {
        self.name = name
        self.value = best.value
        self.text = best.text
        self.confidence = best.score
        self.strategy = best.strategy
        self.page = best.page
        self.words = best.words
        self.checks = []
        self.alternatives = alternatives
        self.note = best.note
        self.support = best.support
        if let doubt = best.doubt { apply(CheckResult(name: "rule_doubt", passed: false, reason: doubt)) }
    }

    /// The chosen value as a candidate again (with its score, note and support), `note` replaced when given.
    public func asCandidate(note: String? = nil) -> Candidate {
        var c = Candidate(value: value, text: text, score: confidence, strategy: strategy, page: page, words: words, note: note ?? self.note)
        c.support = support
        return c
    }

    /// Caps the confidence by the least sure OCR word of the value unless a check verified the
    /// characters themselves (check digits, a sum): "the largest amount" or "a plausible date" do not
    /// tell a misread 24.00 from 21.00.
    public mutating func capByOCR() {
        guard let least = words.compactMap(\.confidence).min() else { return }
        // (An amount due that is the checked total to the cent is verified by that total's check.)
        let verifying: Set<String> = ["totals", "iban", "vat_id", "line_items", "known_vendor", "amount_due"]
        if checks.contains(where: { $0.passed && verifying.contains($0.name) }) { return }
        confidence = min(confidence, 0.5 + 0.5 * least)
    }

    /// Records a check; a failed one lowers the confidence (halves it) and keeps the reason.
    public mutating func apply(_ check: CheckResult, boost: Double = 0) {
        checks.append(check)
        if check.passed { confidence = min(0.995, confidence + boost * (1 - confidence)) } else { confidence *= 0.5 }
    }

    /// The field as the fields stage's output carries it (confidences rounded to 0.001, five alternatives at most).
    public var output: ExtractedFields.Field {
        let r = { (x: Double) in (x * 1000).rounded() / 1000 }
        return ExtractedFields.Field(
            value: value, confidence: r(confidence), strategy: strategy, text: text, page: page,
            words: words.isEmpty ? nil : words.map(\.output),
            checks: checks.isEmpty ? nil : checks,
            alternatives: alternatives.isEmpty ? nil : alternatives.prefix(5).map {
                ExtractedFields.Alternative(value: $0.value, score: r($0.score), strategy: $0.strategy, text: $0.text, page: $0.page, note: $0.note.isEmpty ? nil : $0.note)
            })
    }
}
