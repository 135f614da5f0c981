import Foundation
public import QuireCore

/// Net, tax and total chosen together, over every amount printed on every page: the triple that
/// adds up (net + tax = total) and whose amounts stand by the right labels, at a tax rate a
/// country uses, in reading order (net before total), with the total the largest amount. Label
/// candidates alone mistake a line item, a "Gesamtbetrag der Zuschläge 0,00" or a rate for a total;
/// arithmetic across the whole document is what a person checks first.
extension LayoutExtractor {
    /// A chosen triple and what speaks for it.
    public struct TotalsChoice: Sendable {
        public var net: Candidate
        public var tax: Candidate
        public var total: Candidate
        /// Sum of the evidence (see ``solveTotals(in:conventions:)``).
        public var score: Double
        /// Each of the three stands by a label of its role.
        public var labelled: Int
        /// The tax is a standard rate of the net (or zero, labelled).
        public var standardRate: Bool
        /// Net, tax and total stand in this order on one line: a row of a tax summary
        /// ("VAT 21 %  410.00  86.10  496.10"), whose header may sit too far from its right-aligned amounts to be read as their label.
        public var sameRow = false
        /// The total is the largest amount of the document.
        public var largest = false
        /// The row is the sum of the rows of a tax summary right above it (one per rate: "6 %  16.00
        /// 0.96  16.96", "21 %  100.00  21.00  121.00", then "116.00  21.96  137.96"), or net and tax are the sums of a
        /// recap table's bases and taxes by rate, anywhere on the page: mixed rates.
        public var sumOfRows = false
        /// Net and tax are not printed: computed from the total and the one rate it is said to include ("Im Gesamtbetrag
        /// sind 19 % MwSt. enthalten", a small-amount invoice).
        public var computed = false
    }

    /// "inkl. 19 % MwSt.", "Im Gesamtbetrag sind 19 % MwSt. enthalten", "dont TVA 20 %", "darin 7 % MwSt." (a taxi's receipt):
    /// a total said to include one rate.
    static let includedRate = try! NSRegularExpression(pattern:
        #"(?i)(?:(?:inkl\.?|inklusive|einschl\.?|incl\.?|including|dont|enthalten|davon|darin|hierin)\s[^%\n]{0,30}?(\d{1,2}(?:[.,]\d{1,2})?)\s?%|(\d{1,2}(?:[.,]\d{1,2})?)\s?%\s?(?:mwst|ust|umsatzsteuer|mehrwertsteuer|vat|tva)\.?\s+(?:enthalten|inbegriffen|included|incluse))"#)

    /// VAT and sales-tax rates in use (fractions): a tax that is one of these of the net is likelier.
    static let standardRates: [Double] = [0.025, 0.03, 0.04, 0.05, 0.055, 0.06, 0.07, 0.077, 0.08, 0.081, 0.09, 0.095, 0.1, 0.12, 0.13, 0.14,
                                          0.15, 0.16, 0.17, 0.18, 0.19, 0.2, 0.21, 0.22, 0.23, 0.24, 0.25, 0.255, 0.27]
    /// Whether `tax` is a standard rate of `net` (cents), within rounding.
    static func isStandardRate(tax: Int64, net: Int64) -> Bool {
        standardRates.contains { abs(Double(net) * $0 - Double(tax)) <= max(2, Double(net) * 0.0005) }
    }
    /// Words that turn a total label into a net one ("Rechnungssumme ohne USt.", "Total HT", "Total excl. VAT").
    static let withoutTax: Set<String> = ["ohne", "excl", "exkl", "excluding", "excl.", "hors", "ht", "before", "netto", "net", "zzgl", "plus", "vor", "sans", "exclusief", "senza"]
    /// Words that say an amount is not the document's total ("Gesamtbetrag der Zuschläge", "Erhaltene Anzahlungen", "Skonto").
    static let notTheTotal: Set<String> = ["zuschläge", "zuschlage", "abschläge", "abschlage", "anzahlungen", "anzahlung", "skonto", "rabatt", "discount",
                                           "remise", "acompte", "acomptes", "prepaid", "paid", "payé", "gezahlt", "bezahlt", "rundung", "rounding",
                                           "arrondi", "position", "positionssumme", "charges", "allowances", "allowance", "charge", "escompte",
                                           // "Line Total Amount": the sum of the lines before allowances and charges (EN 16931's BT-106).
                                           "line", "lines",
                                           // A contract's or order's total, of which a part or deposit invoice charges a share.
                                           "auftragssumme", "auftragswert", "vertragssumme", "commande", "devis"]

    /// Statements that no VAT is charged: a small business's exemption, exempt or reverse-charge
    /// supplies, intra-community deliveries (lower case, matched inside a line). Where one is printed
    /// and no tax amount adds up, the tax is zero and the total is the net.
    static let taxExemptions = [
        "§ 19 ustg", "§19 ustg", "umsatzsteuerbefreit", "steuerbefreit", "keine umsatzsteuer", "ohne umsatzsteuer", "nicht steuerbar",
        // Supplies exempt by law (a doctor's, an insurer's, a school's: "gemäß § 4 Nr. 14 UStG von der Umsatzsteuer befreit").
        // (Not "§ 4 Nr." alone: terms of sale number their own paragraphs so.)
        "von der umsatzsteuer befreit", "von der mehrwertsteuer befreit", "umsatzsteuerfrei", "mehrwertsteuerfrei", "steuerfrei nach §",
        "steuerfrei gemäß §", "steuerfrei gem. §",
        "steuerschuldnerschaft des leistungsempfängers", "innergemeinschaftliche lieferung", "kleinunternehmer",
        "tva non applicable", "art. 293 b", "article 293 b", "exonération de tva", "exonéré de tva", "exonérée de tva", "autoliquidation",
        "livraison intracommunautaire", "vat exempt", "exempt from vat", "zero-rated", "zero rated", "reverse charge", "intra-community supply",
        "btw verlegd", "vrijgesteld van btw", "exento de iva", "inversión del sujeto pasivo", "esente iva", "inversione contabile",
    ]

    /// The first line that says no VAT is charged, if any. A row of a VAT breakdown that names an
    /// exemption ("VATEX-EU-IC  Livraison intracommunautaire  K  0,00 %  10,00  0,00") says one part of the
    /// invoice is exempt, not all of it, so it does not count.
    static func exemptionLine(in text: DocumentText, decimalSeparator: Character?) -> TextLine? {
        text.lines.first { line in
            let l = line.text.lowercased()
            guard taxExemptions.contains(where: { l.contains($0) }) else { return false }
            let breakdownRow = l.contains("%") && Amounts.find(in: line.text, decimalSeparator: decimalSeparator).count >= 2
            return !breakdownRow
        }
    }

    struct AmountSeen {
        var cents: Int64
        var line: Int
        var order: Int
        var words: [SourceWord]
        var text: String
        /// Label roles standing left of it on its line, or above it in its column: "net", "tax", "total", "due".
        var roles: Set<String>
        /// The roles from labels on the amount's own line only.
        var lineRoles: Set<String>
        var excluded: Bool
    }

    /// The best triple, or nil when no three amounts add up.
    /// Whether amounts on a row are parts and, last, their sum, as a totals matrix's row with a column per VAT rate has
    /// them: not a net, its tax at a standard rate and their sum.
    static func isRateMatrixRow(_ cents: [Int64]) -> Bool {
        guard cents.count >= 3, let last = cents.last, last != 0, cents.dropLast().reduce(0, +) == last else { return false }
        return !(cents.count == 3 && isStandardRate(tax: cents[1], net: cents[0]))
    }

    public func solveTotals(in text: DocumentText, conventions c: LayoutExtractor.Conventions) -> TotalsChoice? {
        let hitsByLine = hits(in: text)
        var seen: [AmountSeen] = []
        var order = 0
        for (li, line) in text.lines.enumerated() {
            let lineStart = seen.count
            defer {
                // A labelled row of a totals matrix, a column per VAT rate and the last for their sum ("Netto   704,11
                // 1.192,01   1.896,12" under "7 %   19 %   Gesamt"): the label is the sum's; the parts are the rates'.
                // (Not a row with labels between its amounts, "Netto 100,00  USt 19,00  Gesamt 119,00", nor a net, its tax
                // and their sum, "Summe  100,00  19,00  119,00": those add up too.)
                let row = seen[lineStart...]
                let firstWord = row.first?.words.first.flatMap { line.words.firstIndex(of: $0) } ?? 0
                if row.count >= 3, let first = row.first, !first.lineRoles.isEmpty, let last = row.last, last.cents != 0,
                   Self.isRateMatrixRow(row.map(\.cents)), hitsByLine[li].allSatisfy({ $0.end <= firstWord }) {
                    for k in row.indices.dropLast() { seen[k].roles = []; seen[k].lineRoles = [] }
                    seen[seen.count - 1].roles = first.lineRoles
                    seen[seen.count - 1].lineRoles = first.lineRoles
                }
            }
            let amounts = Amounts.find(in: line.text, decimalSeparator: c.decimalSeparator)
            // The words that may say what the line's amounts are: not those of a sentence printed on the same
            // line ("Les règlements reçus avant la date d'échéance ne donneront pas lieu à escompte.   260,00"
            // is the legal mention beside a totals row, not a discount), and not those inside a total's own
            // label ("Net à payer" is a total, not a net).
            let labelWords = Self.labelWords(of: line, amounts: amounts.map(\.1), hits: hitsByLine[li])
            let lower = Set(labelWords.map { line.words[$0].text.lowercased().trimmingCharacters(in: .punctuationCharacters) })
            let lineExcluded = !lower.isDisjoint(with: Self.notTheTotal)
            let lineWithoutTax = !lower.isDisjoint(with: Self.withoutTax) || labelWords.contains { i in
                let t = Self.norm(line.words[i].text)
                return t.hasSuffix("ht") && t.count <= 3
            }
            var previousEnd = 0
            for (value, range) in amounts {
                let words = line.words(in: range)
                guard let first = words.first, let startIndex = line.words.firstIndex(of: first) else { continue }
                let after = startIndex + words.count
                // A rate ("MwSt 19,00 % von 403,62 EUR   76,69") is no amount, and the label before it still labels the line's amount.
                if words.last?.text.hasSuffix("%") == true || after < line.words.count && line.words[after].text.hasPrefix("%") { continue }
                // The base a rate is charged on ("19 % von 403,62", "20 % sur …", "19% on €…") is the net at that rate, not the tax;
                // the label before the rate labels the tax after it.
                let prepositions: Set<String> = ["von", "auf", "on", "of", "sur", "de"]
                if startIndex >= 2, prepositions.contains(line.words[startIndex - 1].text.lowercased()),
                   line.words[startIndex - 2].text.hasSuffix("%") || line.words[startIndex - 2].text.hasSuffix("%)") {
                    seen.append(AmountSeen(cents: NSDecimalNumber(decimal: value * 100).int64Value, line: li, order: order, words: words, text: String(line.text[range]),
                                           roles: ["net"], lineRoles: [], excluded: false))
                    order += 1
                    continue
                }
                defer { previousEnd = after }
                // Labels to the left on the same line, after the amount before it ("Total HT 100,00  TVA 20,00"
                // gives each its own); "Rechnungssumme ohne USt." is a net, not a tax.
                // (A tax label followed by a rate labels the rate: "Allowance (Tax: 0.00%): Early booking   - €25.00" is no tax amount.)
                // (Not a label followed by its rate and the amount, "USt. 0%   0,00 €": the rate is the tax's.)
                let wordy = { (w: SourceWord) in
                    let letters = String(w.text.filter(\.isLetter))
                    return letters.count >= 2 && !Currencies.codes.contains(letters.uppercased())
                }
                var roles = Set(hitsByLine[li].filter { h in
                    h.end <= startIndex && h.start >= previousEnd
                        && !(h.end < startIndex && line.words[h.end].text.contains("%") && line.words[(h.end + 1)..<startIndex].contains(where: wordy))
                }.map { Self.role($0.field, withoutTax: lineWithoutTax) })
                if roles.contains("net"), lineWithoutTax { roles.remove("tax") }
                let lineRoles = roles
                // A label above, in the amount's column, within three lines (tables with a header row), where
                // nothing on the line says what the amount is (a due date's label beside it says nothing).
                if roles.isDisjoint(with: Self.amountRoles) {
                    for up in stride(from: li - 1, through: max(0, li - 3), by: -1) where text.lines[up].page == line.page {
                        let l = text.lines[up]
                        if let h = hitsByLine[up].first(where: { h in
                            let x0 = l.words[h.start].x0, x1 = l.words[h.end - 1].x1
                            return x0 - 20 < first.x1 && first.x0 < x1 + 20
                        }) {
                            roles.insert(Self.role(h.field, withoutTax: false))
                            break
                        }
                    }
                }
                let cents = NSDecimalNumber(decimal: value * 100).int64Value
                seen.append(AmountSeen(cents: cents, line: li, order: order, words: words, text: String(line.text[range]), roles: roles,
                                       lineRoles: lineRoles, excluded: lineExcluded && !roles.contains("due")))
                order += 1
            }
            // A tax written as a bare zero after its label ("Steuerbetrag in EUR   0"), which no amount pattern takes
            // (a lone digit is a count as often as money): the labelled zero of a tax-free invoice.
            if amounts.isEmpty, let last = line.words.last, ["0", "0,-", "0.-", "-"].contains(last.text),
               let label = hitsByLine[li].first(where: { Self.role($0.field, withoutTax: false) == "tax" }), label.end < line.words.count,
               !lineWithoutTax {
                seen.append(AmountSeen(cents: 0, line: li, order: order, words: [last], text: last.text, roles: ["tax"], lineRoles: ["tax"], excluded: false))
                order += 1
            }
        }
        guard !seen.isEmpty else { return nil }
        var byCents: [Int64: [Int]] = [:]
        for (i, a) in seen.enumerated() { byCents[a.cents, default: []].append(i) }
        let largest = seen.filter { !$0.excluded }.map(\.cents).max() ?? 0
        // Distinct positive values, at most 400 of them (the largest: totals are not small print).
        let values = Array(Set(seen.map(\.cents).filter { $0 > 0 })).sorted(by: >).prefix(400)
        func roleScore(_ cents: Int64, _ role: String) -> (Double, Int?) {
            var best = 0.0, at: Int? = nil
            for i in byCents[cents] ?? [] {
                let a = seen[i]
                var s = 0.0
                if a.roles.contains(role) || (role == "total" && a.roles.contains("due")) { s = 2 }
                if role == "total", a.excluded { s -= 1.5 }
                if s > best || at == nil { best = max(best, s); at = i }
            }
            return (best, at)
        }
        var best: TotalsChoice? = nil
        let exemption = Self.exemptionLine(in: text, decimalSeparator: c.decimalSeparator)
        // The tax of an invoice at two or three rates, printed only rate by rate ("TVA 5,5 %  0,75" over "TVA 20 %  17,79",
        // no line with their sum): the sum of those labelled tax lines, one amount each, on consecutive lines.
        let taxSums = Self.taxLineSums(seen, text: text)
        /// Amounts of `seen` printed apart, as one candidate of their sum.
        func sum(_ parts: [Int], _ note: String) -> Candidate {
            let words = parts.flatMap { seen[$0].words }
            return Candidate(value: .number(Double(parts.map { seen[$0].cents }.reduce(0, +)) / 100), text: parts.map { seen[$0].text }.joined(separator: " + "),
                             score: 2, strategy: "layout", page: words.first?.page, words: words, note: note)
        }
        let breakdowns = Self.breakdownSums(seen, text: text)
        let recaps = Self.recapSums(seen, text: text)
        // The net in parts, each on a line of its own with no sum printed ("Warenwert netto 160,50" over "Fracht netto
        // 5,90"), each part taxed on a line of its own ("… USt. 19 % auf 160,50  30,50", "… auf 5,90  1,12"): the net and the
        // tax are the sums of the parts, where they add up to the total.
        let netSums = Self.netLineSums(seen, text: text).filter { byCents[$0.key] == nil }
        for t in values {
            let (ts, ti) = roleScore(t, "total")
            guard let ti else { continue }
            for (n, netParts) in netSums where n < t && ts > 0 {
                let x = t - n
                guard x * 100 <= n * 35 else { continue }
                let tax: Candidate, xs: Double
                if byCents[x] == nil, let parts = taxSums[x] {
                    (tax, xs) = (sum(parts, "the sum of the tax lines, one per part of the net"), 2)
                } else if case let (score, at?) = roleScore(x, "tax"), score > 0 {
                    (tax, xs) = (candidate(seen[at], score: score), score)
                } else { continue }
                let standard = Self.isStandardRate(tax: x, net: n)
                var s = ts * 1.2 + 2 + xs + (standard ? 1.2 : 0.2)
                if t == largest { s += 0.8 }
                if let last = netParts.last, seen[last].order < seen[ti].order { s += 0.3 }
                if best == nil || s > best!.score {
                    best = TotalsChoice(net: sum(netParts, "the sum of the net lines, one per part"), tax: tax, total: candidate(seen[ti], score: ts), score: s,
                                        labelled: 3, standardRate: standard, largest: t == largest)
                }
            }
            // A VAT breakdown by rate ("7 %  n  t  g" over "19 %  n  t  g") whose gross amounts add up to a labelled total,
            // with no line for the net and tax sums (a hotel's bill): net and tax are the sums of its columns.
            if ts > 0, let b = breakdowns[t] {
                var s = ts * 1.2 + 4 + 0.8
                if t == largest { s += 0.8 }
                if best == nil || s > best!.score {
                    best = TotalsChoice(net: sum(b.map { $0[0] }, "the sum of the VAT breakdown's net amounts"),
                                        tax: sum(b.map { $0[1] }, "the sum of the VAT breakdown's tax amounts"),
                                        total: candidate(seen[ti], score: ts), score: s, labelled: 3, standardRate: true, largest: t == largest)
                }
            }
            for n in values where n < t {
                let x = t - n
                let summedTax = byCents[x] == nil && x != 0 ? taxSums[x] : nil
                guard x * 100 <= n * 35, byCents[x] != nil || x == 0 || summedTax != nil else { continue }
                let (ns, ni) = roleScore(n, "net")
                if let parts = summedTax, let ni {
                    // Each part a tax line: as sure as one labelled tax, and the rates are several, so none is "the" rate.
                    var s = ts * 1.2 + ns + 2 + 0.8
                    if t == largest { s += 0.8 }
                    if seen[ni].order < seen[ti].order { s += 0.3 }
                    if best == nil || s > best!.score {
                        best = TotalsChoice(net: candidate(seen[ni], score: ns), tax: sum(parts, "the sum of the tax lines, one per rate"), total: candidate(seen[ti], score: ts), score: s,
                                            labelled: [ts, ns, 2].filter { $0 > 0 }.count, standardRate: true, largest: t == largest)
                    }
                    continue
                }
                let (xs, xi) = roleScore(x, "tax")
                guard let ni, let xi else { continue }
                let rate = Double(x) / Double(n)
                let standard = Self.isStandardRate(tax: x, net: n)
                var s = ts * 1.2 + ns + xs
                s += standard ? 1.2 : (rate > 0 && rate < 0.3 ? 0.2 : 0)
                if t == largest { s += 0.8 }
                if seen[ni].order < seen[ti].order { s += 0.3 }
                let sameRow = seen[ni].line == seen[xi].line && seen[xi].line == seen[ti].line && seen[ni].order < seen[xi].order && seen[xi].order < seen[ti].order
                if sameRow { s += 1.0 }
                // (Or a recap table by rate whose bases and taxes sum to this net and tax: a mix of rates, each row right.)
                let summed = !standard && (sameRow && Self.sumsRowsAbove(line: seen[ti].line, net: n, tax: x, total: t, in: seen, text: text)
                    || recaps.contains([n, x]))
                if summed { s += 2.0 }
                s += min(0.6, 0.2 * Double((byCents[t]?.count ?? 1) - 1))
                let labelled = [ts, ns, xs].filter { $0 > 0 }.count
                if best == nil || s > best!.score {
                    best = TotalsChoice(net: candidate(seen[ni], score: ns), tax: candidate(seen[xi], score: xs), total: candidate(seen[ti], score: ts),
                                        score: s, labelled: labelled, standardRate: standard, sameRow: sameRow, largest: t == largest, sumOfRows: summed)
                }
            }
            // No tax, as the document says (an exemption or reverse charge is stated): a labelled total is also the net.
            if let exemption, ts > 0 {
                let (ns, ni) = roleScore(t, "net")
                var s = ts * 1.2 + ns + 1.5
                if t == largest { s += 0.8 }
                let labelled = [ts, ns, 2].filter { $0 > 0 }.count
                if best == nil || s > best!.score {
                    let zero = Candidate(value: .number(0), text: "0", score: 2, strategy: "layout", page: exemption.page, words: exemption.words,
                                         note: "no VAT charged: '\(exemption.text.prefix(60))'")
                    best = TotalsChoice(net: candidate(seen[ni ?? ti], score: ns), tax: zero, total: candidate(seen[ti], score: ts),
                                        score: s, labelled: labelled, standardRate: true, largest: t == largest)
                }
            }
            // No tax: the total is the net, with a labelled zero tax (small businesses, exempt or reverse-charge supplies).
            // Only where the same amount stands by a net label and by a total label: a zero in a tax column is common.
            if let zeros = byCents[0], let zi = zeros.first(where: { seen[$0].lineRoles.contains("tax") }), ts > 0, roleScore(t, "net").0 > 0 {
                let (ns, ni) = roleScore(t, "net")
                var s = ts * 1.2 + ns + 2
                if t == largest { s += 0.8 }
                let labelled = [ts, ns, 2].filter { $0 > 0 }.count
                if best == nil || s > best!.score {
                    best = TotalsChoice(net: candidate(seen[ni ?? ti], score: ns), tax: candidate(seen[zi], score: 2), total: candidate(seen[ti], score: ts),
                                        score: s, labelled: labelled, standardRate: true, largest: t == largest)
                }
            }
        }
        // Nothing adds up, but a labelled net and a labelled total differ by exactly the tax of a rate the document prints
        // ("Nettobetrag (zzgl. 19,00% MwSt.) 376,37", "Summe gesamt 447,88"), and that difference is printed nowhere: the tax's
        // own figures were lost (a scan's cell read as letters). The tax is the difference, computed, for a person to confirm.
        if best == nil || best!.labelled < 2 && !best!.sameRow, let computed = Self.taxBetween(seen, values: values, text: text, roleScore: roleScore) {
            let (n, t, rate) = computed
            let (ns, ni) = roleScore(n, "net"), (ts, ti) = roleScore(t, "total")
            if let ni, let ti {
                let x = t - n
                let at = seen[ti]
                var tax = Candidate(value: .number(Double(x) / 100), text: "", score: 1, strategy: "layout", page: at.words.first?.page, words: [],
                                    note: "computed: the total less the net, \(String(format: "%g", rate * 100)) % of the net as printed")
                tax.doubt = "not read on the document; computed as the total less the net (\(String(format: "%g", rate * 100)) %): check it"
                best = TotalsChoice(net: candidate(seen[ni], score: ns), tax: tax, total: candidate(at, score: ts), score: ts * 1.2 + ns,
                                    labelled: 3, standardRate: true, largest: t == largest, computed: true)
            }
        }
        // Nothing adds up and no tax is printed, but the total is said to include one rate: net and tax are what it contains.
        if best == nil, exemption == nil, let (rate, line) = Self.statedIncludedRate(in: text),
           let t = values.filter({ roleScore($0, "total").0 > 0 && !(byCents[$0] ?? []).allSatisfy { seen[$0].excluded } }).max(),
           let ti = roleScore(t, "total").1 {
            let n = Int64((Double(t) / (1 + rate)).rounded())
            let note = "computed: the total includes \(String(format: "%g", rate * 100)) % VAT ('\(line.text.prefix(60))')"
            var net = Candidate(value: .number(Double(n) / 100), text: "", score: 1, strategy: "layout", page: line.page, words: line.words, note: note)
            var tax = Candidate(value: .number(Double(t - n) / 100), text: "", score: 1, strategy: "layout", page: line.page, words: line.words, note: note)
            // (Not printed: a failed check `rule_doubt`, so a person confirms the split.)
            net.doubt = "not printed; computed from the total and the \(String(format: "%g", rate * 100)) % it includes: check it"
            tax.doubt = net.doubt
            best = TotalsChoice(net: net, tax: tax, total: candidate(seen[ti], score: 2), score: 1, labelled: 3, standardRate: true,
                                largest: t == largest, computed: true)
        }
        return best
    }

    /// The likeliest labelled net and labelled total (cents) whose difference is printed nowhere on the document and is, to the
    /// cent, the tax at a rate the document prints (``printedRate(in:)``, not 0 %), with that rate.
    static func taxBetween(_ seen: [AmountSeen], values: ArraySlice<Int64>, text: DocumentText,
                           roleScore: (Int64, String) -> (Double, Int?)) -> (net: Int64, total: Int64, rate: Double)? {
        let rates = Set(text.lines.compactMap { printedRate(in: $0)?.rate }.filter { $0 > 0 })
        guard !rates.isEmpty else { return nil }
        let printed = Set(seen.map(\.cents))
        let totals = values.map { ($0, roleScore($0, "total").0) }.filter { $0.1 > 0 }
        let nets = values.map { ($0, roleScore($0, "net").0) }.filter { $0.1 > 0 }
        var found: (net: Int64, total: Int64, rate: Double, score: Double)? = nil
        for (t, ts) in totals {
            for (n, ns) in nets where n < t {
                guard !printed.contains(t - n),
                      let rate = rates.first(where: { abs((Double(n) * $0).rounded() - Double(t - n)) <= 1 }) else { continue }
                if found == nil || ts * 1.2 + ns > found!.score { found = (n, t, rate, ts * 1.2 + ns) }
            }
        }
        return found.map { ($0.net, $0.total, $0.rate) }
    }

    /// The one standard rate a line says the total includes, and that line.
    static func statedIncludedRate(in text: DocumentText) -> (Double, TextLine)? {
        for line in text.lines {
            let ns = line.text as NSString
            guard let m = includedRate.firstMatch(in: line.text, range: NSRange(location: 0, length: ns.length)) else { continue }
            let g = m.range(at: 1).location != NSNotFound ? m.range(at: 1) : m.range(at: 2)
            guard let v = Double(ns.substring(with: g).replacingOccurrences(of: ",", with: ".")), case let rate = v / 100,
                  standardRates.contains(where: { abs($0 - rate) < 0.0001 }) else { continue }
            return (rate, line)
        }
        return nil
    }

    /// Every run of two or three consecutive lines of one page, each of which `row` reads, starting at each of `lines`.
    static func runsOfConsecutiveLines<Row>(from lines: some Collection<Int>, in text: DocumentText, row: (Int) -> Row?) -> [[Row]] {
        var out: [[Row]] = []
        for start in lines.sorted() {
            guard let first = row(start) else { continue }
            var rows = [first]
            var li = start + 1
            while rows.count < 3, li < text.lines.count, text.lines[li].page == text.lines[start].page, let next = row(li) {
                rows.append(next)
                li += 1
                out.append(rows)
            }
        }
        return out
    }

    /// VAT breakdowns by rate: two or three consecutive lines of one page, each naming a rate ("7 %") and holding a net, a tax
    /// and a gross amount in that order that add up (net + tax = gross, the tax a standard rate of the net). Keyed by the sum
    /// of their gross amounts, each row the indices of its net, tax and gross in `seen`.
    static func breakdownSums(_ seen: [AmountSeen], text: DocumentText) -> [Int64: [[Int]]] {
        var out: [Int64: [[Int]]] = [:]
        let perLine = Dictionary(grouping: seen.indices, by: { seen[$0].line })
        func row(_ li: Int) -> [Int]? {
            guard let idx = perLine[li]?.sorted(by: { seen[$0].order < seen[$1].order }), idx.count >= 3 else { return nil }
            let k = idx.count - 3
            let (n, x, g) = (seen[idx[k]].cents, seen[idx[k + 1]].cents, seen[idx[k + 2]].cents)
            guard n > 0, n + x == g, isStandardRate(tax: x, net: n) else { return nil }
            // The row names its rate: with "%", or as the number of a "%" column ("A   19,0   5,83   1,11   6,94" on a till
            // receipt), which must be the rate its tax is of its net.
            guard text.lines[li].text.contains("%") || namesRate(of: x, net: n, on: text.lines[li]) else { return nil }
            return [idx[k], idx[k + 1], idx[k + 2]]
        }
        for rows in runsOfConsecutiveLines(from: perLine.keys, in: text, row: row) {
            let gross = rows.map { seen[$0[2]].cents }.reduce(0, +)
            if out[gross] == nil { out[gross] = rows }
        }
        return out
    }

    /// Whether a word of `line` is a standard rate in per cent ("19,0", "7", "5,5") that `tax` is of `net`, within rounding.
    static func namesRate(of tax: Int64, net: Int64, on line: TextLine) -> Bool {
        line.words.contains { w in
            guard w.text.count <= 5, let v = Double(w.text.replacingOccurrences(of: ",", with: ".")), v > 0,
                  standardRates.contains(where: { abs($0 * 100 - v) < 0.001 }) else { return false }
            return abs(Double(net) * v / 100 - Double(tax)) <= max(2, Double(net) * 0.0005)
        }
    }

    /// Sums of two or three net lines in a row (cents → the amounts summed): consecutive lines of one page, each with one
    /// amount, labelled as a net on its own line and as nothing else ("Warenwert netto 160,50 €", "Fracht netto 5,90 €").
    static func netLineSums(_ seen: [AmountSeen], text: DocumentText) -> [Int64: [Int]] {
        var out: [Int64: [Int]] = [:]
        let perLine = Dictionary(grouping: seen.indices, by: { seen[$0].line })
        func netLine(_ li: Int) -> Int? {
            guard let idx = perLine[li], idx.count == 1, let i = idx.first, seen[i].lineRoles == ["net"], !seen[i].excluded, seen[i].cents > 0 else { return nil }
            return i
        }
        for parts in runsOfConsecutiveLines(from: perLine.keys, in: text, row: netLine) {
            let sum = parts.map { seen[$0].cents }.reduce(0, +)
            if out[sum] == nil { out[sum] = parts }
        }
        return out
    }

    /// Sums of two or three tax lines in a row (cents → the amounts summed): consecutive lines of one page, each with one
    /// amount, labelled as a tax on its own line and as nothing else, each line naming its rate ("TVA 5,5 %", "MwSt. 19 %").
    static func taxLineSums(_ seen: [AmountSeen], text: DocumentText) -> [Int64: [Int]] {
        var out: [Int64: [Int]] = [:]
        let perLine = Dictionary(grouping: seen.indices, by: { seen[$0].line })
        func taxLine(_ li: Int) -> Int? {
            guard let idx = perLine[li], idx.count == 1, let i = idx.first, seen[i].lineRoles == ["tax"], !seen[i].excluded, seen[i].cents > 0,
                  text.lines[li].text.contains("%") else { return nil }
            return i
        }
        for parts in runsOfConsecutiveLines(from: perLine.keys, in: text, row: taxLine) {
            let sum = parts.map { seen[$0].cents }.reduce(0, +)
            if out[sum] == nil { out[sum] = parts }
        }
        // A recap table by rate ("5,50 %   443,40   24,39" over "10,00 %   208,44   20,84"): the rows' taxes add up to the
        // invoice's tax.
        // (A 0 % row, exempt or out-of-scope amounts between the taxed rows, is a row of the table that adds nothing.)
        for parts in runsOfConsecutiveLines(from: perLine.keys, in: text, row: { recapRow($0, perLine: perLine, seen: seen, text: text)?.tax }) {
            let sum = parts.map { seen[$0].cents }.reduce(0, +)
            if sum > 0, out[sum] == nil { out[sum] = parts }
        }
        return out
    }

    /// A row of a recap table by rate: a rate, then its base and its tax, the tax that rate of the base (indices in `seen`);
    /// a "Total HT" beside the row is another column's.
    static func recapRow(_ li: Int, perLine: [Int: [Int]], seen: [AmountSeen], text: DocumentText) -> (base: Int, tax: Int)? {
        guard let (rate, rateEnd) = Self.printedRate(in: text.lines[li]), let idx = perLine[li]?.sorted(by: { seen[$0].order < seen[$1].order })
        else { return nil }
        let after = idx.filter { i in seen[i].words.first.map { w in w.x0 >= rateEnd } ?? false }
        guard after.count >= 2, case let (base, tax) = (seen[after[0]].cents, seen[after[1]].cents), base > 0,
              abs(Double(base) * rate - Double(tax)) <= max(1.5, Double(base) * 0.0005) else { return nil }
        return (after[0], after[1])
    }

    /// The sums of bases and of taxes of each recap table by rate: two to eight consecutive rows of one page
    /// (``recapRow(_:perLine:seen:text:)``), 0 % rows among them ("20 %  11,00  2,20" over "0 %  60,00  0,00" over "10 %
    /// 27,00  2,70"): a net and a tax that are those sums are the table's totals, whatever mix of rates they make.
    static func recapSums(_ seen: [AmountSeen], text: DocumentText) -> Set<[Int64]> {
        let perLine = Dictionary(grouping: seen.indices, by: { seen[$0].line })
        var out = Set<[Int64]>()
        // (Only from a line with two amounts or more: a recap row holds its base and its tax.)
        guard perLine.values.contains(where: { $0.count >= 2 }) else { return out }
        var li = 0
        while li < text.lines.count {
            var base: Int64 = 0, tax: Int64 = 0, rows = 0
            var next = li
            while next < text.lines.count, rows < 8, text.lines[next].page == text.lines[li].page,
                  let row = recapRow(next, perLine: perLine, seen: seen, text: text) {
                base += seen[row.base].cents; tax += seen[row.tax].cents; rows += 1; next += 1
                if rows >= 2 { out.insert([base, tax]) }
            }
            li = max(li + 1, next)
        }
        return out
    }

    /// The first VAT rate a line prints ("5,50 %", "TVA 20%", "0,00 %"), as a fraction, where it is a usual rate or none, and the right edge
    /// of its words.
    static func printedRate(in line: TextLine) -> (rate: Double, end: Double)? {
        // (Most lines print no "%": no regular expression for them.)
        guard line.text.utf8.contains(UInt8(ascii: "%")),
              let m = ratePattern.firstMatch(in: line.text, range: NSRange(line.text.startIndex..., in: line.text)),
              let digits = Range(m.range(at: 1), in: line.text), let whole = Range(m.range, in: line.text),
              let v = Double(line.text[digits].replacingOccurrences(of: ",", with: ".")),
              v == 0 || standardRates.contains(where: { abs($0 - v / 100) < 0.00001 }), let end = line.words(in: whole).map(\.x1).max() else { return nil }
        return (v / 100, end)
    }

    static let ratePattern = try! NSRegularExpression(pattern: #"(?<![\d,.])(\d{1,2}(?:[,.]\d{1,2})?)\s?%"#)

    /// Whether the two to eight lines right above `line` (same page) each carry net, tax and total in
    /// order that add up, and together sum to `net`, `tax` and `total` (cents).
    static func sumsRowsAbove(line: Int, net: Int64, tax: Int64, total: Int64, in seen: [AmountSeen], text: DocumentText) -> Bool {
        var netSum: Int64 = 0, taxSum: Int64 = 0, totalSum: Int64 = 0
        var rows = 0
        var li = line - 1
        while li >= 0, rows < 8, text.lines[li].page == text.lines[line].page {
            let amounts = seen.filter { $0.line == li }.map(\.cents)
            // The row's own triple: three amounts in a row that add up (a rate may stand before them).
            guard amounts.count >= 3 else { break }
            let starts: [Int] = Array(0...(amounts.count - 3))
            guard let k = starts.last(where: { (i: Int) -> Bool in amounts[i] > 0 && amounts[i] + amounts[i + 1] == amounts[i + 2] }) else { break }
            netSum += amounts[k]
            taxSum += amounts[k + 1]
            totalSum += amounts[k + 2]
            rows += 1
            if rows >= 2, netSum == net, taxSum == tax, totalSum == total { return true }
            li -= 1
        }
        return false
    }

    /// Roles that say what an amount is.
    static let amountRoles: Set<String> = ["net", "tax", "total", "due"]
    /// Label fields of the totals.
    static let totalsFields: Set<String> = ["net_total", "tax_total", "tax", "tax_rates", "total", "amount_due"]

    /// Indices of a line's words that may qualify its amounts: every word but those of the amounts, of a
    /// sentence (a run of more than eight words between amounts with no totals label in it), and of a
    /// total's or an amount due's own label.
    static func labelWords(of line: TextLine, amounts: [Range<String.Index>], hits: [Hit]) -> [Int] {
        var isAmount = [Bool](repeating: false, count: line.words.count)
        for r in amounts {
            for w in line.words(in: r) { if let i = line.words.firstIndex(of: w) { isAmount[i] = true } }
        }
        var inTotalLabel = [Bool](repeating: false, count: line.words.count)
        for h in hits where h.field == "total" || h.field == "amount_due" {
            for i in h.start..<min(h.end, line.words.count) { inTotalLabel[i] = true }
        }
        var kept: [Int] = []
        var run: [Int] = []
        func close() {
            let labelled = hits.contains { h in totalsFields.contains(h.field) && run.contains(h.start) }
            if run.count <= 8 || labelled { kept += run.filter { !inTotalLabel[$0] } }
            run = []
        }
        for i in line.words.indices {
            if isAmount[i] { close() } else { run.append(i) }
        }
        close()
        return kept
    }

    static func role(_ field: String, withoutTax: Bool) -> String {
        switch field {
        case "net_total": return "net"
        case "tax_total", "tax", "tax_rates": return "tax"
        case "amount_due": return "due"   // "Net à payer", "Netto zu zahlen": what is paid, the total
        case "total": return withoutTax ? "net" : "total"
        default: return field
        }
    }

    private func candidate(_ a: AmountSeen, score: Double) -> Candidate {
        Candidate(value: .number(Double(a.cents) / 100), text: a.text, score: score, strategy: "layout", page: a.words.first?.page, words: a.words,
                  note: "net + tax = total over the whole document")
    }
}
