import Foundation
import QuireCore
import Testing

/// The native string helpers answer as the Foundation calls they replace on the fields stage's hot paths.
@Suite("Text scanning without Foundation's bridge")
struct TextScanTests {
    static let texts = [
        "", " ", "Rechnung", "  Rechnungsnummer: RE-2026-0042  ", "Prélèvement SEPA le 05.03.2026", "Gesamtbetrag\t1.234,56 EUR",
        "Cafe\u{301} de la Gare", "Café de la Gare", "\u{A0}Beispiel GmbH\u{A0}", ";;Muster & Co. KG,,", "ÜBERWEISUNG", "§ 19 UStG",
        "Total TTC : 120,00 €", "٣١/١٢/٢٠٢٦", "no figures here", "12", "x",
    ]
    static let patterns = ["", "e", "re", "RE-", "2026", "lèvement", "levement", "é", "e\u{301}", "§ 19 ustg", "§ 19 UStG", "€", "Co.", "Gare", "GmbH",
                           "Rechnungsnummer: RE-2026-0042  x"]
    static let sets: [CharacterSet] = [.whitespaces, .whitespacesAndNewlines, CharacterSet(charactersIn: " ;,:"), .punctuationCharacters.union(.whitespaces),
                                       CharacterSet(charactersIn: "\u{A0} ")]

    @Test func trimmedIsFoundationsTrimming() {
        for t in Self.texts {
            for set in Self.sets {
                #expect(t.trimmed(set) == t.trimmingCharacters(in: set), "\(t.debugDescription)")
                let sub = t.dropFirst()
                #expect(sub.trimmed(set) == sub.trimmingCharacters(in: set), "\(sub.debugDescription)")
            }
        }
    }

    @Test func includesIsFoundationsContains() {
        for t in Self.texts {
            for p in Self.patterns {
                // (Foundation finds "e" in "Cafe\u{301}" only as part of "é"; a byte search finds it: the one place they differ.)
                if t.contains("\u{301}") && p == "e" { continue }
                #expect(t.includes(p) == t.range(of: p).map { _ in true } ?? false, "\(t.debugDescription) holds \(p.debugDescription)")
            }
        }
        #expect("Cafe\u{301} de la Gare".includes("é"))
        #expect("Café".includes("e\u{301}"))
        #expect(!"Cafe".includes("é"))
        #expect(!"abc".includes(""))
    }

    @Test func withoutAccentsIsFoundationsFolding() {
        for t in Self.texts {
            #expect(t.withoutAccents() == t.folding(options: .diacriticInsensitive, locale: nil), "\(t.debugDescription)")
        }
    }

    @Test func aTextWithoutFiguresIsKnownAsSuch() {
        #expect("no figures here".isASCIIWithoutDigits)
        #expect("".isASCIIWithoutDigits)
        #expect(!"Total 12".isASCIIWithoutDigits)
        // Figures of another script are not ASCII: not answered for, so a pattern's \d still reads them.
        #expect(!"٣١/١٢/٢٠٢٦".isASCIIWithoutDigits)
        #expect(!"Prélèvement".isASCIIWithoutDigits)
    }

    @Test func aLineSplitsIntoColumnsAtThreeSpacesOrATab() {
        // What the split did before it was read character by character: tabs as three spaces, split at each three.
        func foundationSplit(_ line: String) -> [String] {
            line.replacingOccurrences(of: "\t", with: LineColumns.gap).components(separatedBy: LineColumns.gap)
                .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        let lines = ["Muster GmbH   Rechnung 12", "a  b", "a   b", "a    b", "a      b", "a\tb", "a \t b", "  lead   trail  ", "", "   ",
                     "Beispiel SAS   FACTURE   N° 42", "x\u{A0}  y", "a  \tb", "Total    120,00   EUR"]
        for l in lines { #expect(LineColumns.split(l) == foundationSplit(l), "\(l.debugDescription)") }
        #expect(LineColumns.split("Muster GmbH   Rechnung 12") == ["Muster GmbH", "Rechnung 12"])
    }
}
