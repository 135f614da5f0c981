import Foundation
import QuireCore
import Testing
@testable import QuireFields

@Suite("invoice2data templates")
struct TemplateTests {
    /// A document as pdftotext -layout would show it.
    static let text = """
                                                        Harbour Hosting GmbH
        RECHNUNG                                        Kaiserstraße 1, 60311 Frankfurt
        Rechnungsnr.:   HH-2026-0042                    USt-IdNr. DE 273 184 654
        Datum:          3. März 2026

        Pos  Leistung                      Menge     Einzelpreis       Betrag
        1    Webhosting Business               1          19,90         19,90
        2    Domain quire.example             12           1,20         14,40
        Summe netto                                                     34,30
        MwSt 19 %                                                        6,52
        Gesamtbetrag EUR                                                40,82
        """

    static let legacy = """
        issuer: Harbour Hosting GmbH
        keywords:
          - Harbour Hosting
          - Rechnungsnr
        exclude_keywords:
          - Gutschrift
        fields:
          amount: Gesamtbetrag EUR\\s+(\\d+,\\d{2})
          amount_untaxed: Summe netto\\s+(\\d+,\\d{2})
          date: Datum:\\s+(\\d{1,2}\\.\\s+\\w+\\s+\\d{4})
          invoice_number: Rechnungsnr\\.:\\s+(\\S+)
          vat: USt-IdNr\\.\\s+(DE[\\s\\d]+\\d)
          static_payment_terms: 14 Tage netto
          sum_amount_lines:
            - \\n\\d\\s+.*\\s(\\d+,\\d{2})(?=\\n)
        lines:
          start: Pos\\s+Leistung
          end: Summe netto
          line: ^(?P<pos>\\d)\\s+(?P<description>.+?)\\s{2,}(?P<qty>\\d+)\\s+(?P<price_unit>\\d+,\\d{2})\\s+(?P<line_total>\\d+,\\d{2})$
          types:
            qty: int
            price_unit: float
            line_total: float
        options:
          currency: EUR
          decimal_separator: ","
          languages: [de]
          replace:
            - ["Kaiserstraße", "Kaiserstrasse"]
        """

    @Test("an invoice2data template loads unchanged and extracts every field, lines included")
    func legacySyntax() throws {
        let t = try Template.load(yaml: Self.legacy, file: "de.harbour.yml")
        #expect(t.name == "de.harbour" && t.issuer == "Harbour Hosting GmbH" && t.priority == 5)
        #expect(t.warnings.isEmpty, "\(t.warnings)")
        let prepared = t.prepare(Self.text)
        #expect(prepared.contains("Kaiserstrasse"))
        #expect(t.matches(prepared))
        let r = t.extract(prepared)
        #expect(r.values["amount"] == 40.82)
        #expect(r.values["amount_untaxed"] == 34.3)
        #expect(r.values["date"] == "2026-03-03")
        #expect(r.values["invoice_number"] == "HH-2026-0042")
        #expect(r.values["vat"] == "DE 273 184 654")
        #expect(r.values["payment_terms"] == "14 Tage netto")
        #expect(r.values["currency"] == "EUR" && r.values["issuer"] == "Harbour Hosting GmbH")
        #expect(r.missingRequired.isEmpty)
        let lines = try #require(r.values["lines"]?.arrayValue)
        #expect(lines.count == 2)
        #expect(lines[1]["description"] == "Domain quire.example" && lines[1]["qty"] == 12 && lines[1]["price_unit"] == 1.2 && lines[1]["line_total"] == 14.4)
        // The exclude keyword turns the template off.
        #expect(!t.matches(t.prepare(Self.text + "\nGutschrift")))
    }

    @Test("parser syntax: regex with type and group, static, and JSON templates")
    func parserSyntax() throws {
        let json = """
            {"issuer": "Harbour Hosting GmbH", "keywords": ["Harbour"], "priority": 7,
             "fields": {
               "amount": {"parser": "regex", "regex": "(\\\\d+,\\\\d{2})(?:\\\\n|$)", "type": "float", "group": "max"},
               "total_lines": {"parser": "regex", "regex": ["Webhosting.*\\\\s(\\\\d+,\\\\d{2})", "Domain.*\\\\s(\\\\d+,\\\\d{2})"], "type": "float", "group": "sum"},
               "date": {"parser": "regex", "regex": "Datum:\\\\s+(.+)", "type": "date"},
               "invoice_number": {"parser": "regex", "regex": "(HH-\\\\d{4}-\\\\d+)"},
               "vendor_country": {"parser": "static", "value": "DE"}
             },
             "options": {"decimal_separator": ",", "languages": ["de"]},
             "required_fields": ["amount", "invoice_number", "reference"]}
            """
        let t = try Template.load(yaml: json, file: "harbour.json")
        #expect(t.priority == 7)
        let r = t.extract(t.prepare(Self.text))
        #expect(r.values["amount"] == 40.82, "group max over every amount at a line end")
        #expect(r.values["total_lines"] == 34.3)
        #expect(r.values["date"] == "2026-03-03")
        #expect(r.values["vendor_country"] == "DE")
        #expect(r.missingRequired == ["reference"])
    }

    @Test("strptime date formats")
    func dateFormats() {
        #expect(StrptimeLite.parse("August 3, 2014", format: "%B %d, %Y") == CalendarDate(year: 2014, month: 8, day: 3))
        #expect(StrptimeLite.parse("03-Aug-14", format: "%d-%b-%y") == CalendarDate(year: 2014, month: 8, day: 3))
        #expect(StrptimeLite.parse("2014/08/03", format: "%Y/%m/%d") == CalendarDate(year: 2014, month: 8, day: 3))
        #expect(StrptimeLite.parse("08/03/2014", format: "%m/%d/%Y") == CalendarDate(year: 2014, month: 8, day: 3))
        #expect(StrptimeLite.parse("3 August", format: "%d %B %Y") == nil)
        #expect(StrptimeLite.order("%m/%d/%Y") == .mdy && StrptimeLite.order("%Y-%m-%d") == .ymd && StrptimeLite.order("%d.%m.%Y") == .dmy)
    }

    @Test("bad templates are refused with the file, the line and what to fix")
    func refused() {
        func message(_ yaml: String) -> String {
            do { _ = try Template.load(yaml: yaml, file: "bad.yml"); return "loaded" } catch { return "\(error)" }
        }
        #expect(message("issuer: X\nfields:\n  amount: \\d+\n").contains("no 'keywords:'"))
        let badRegex = message("issuer: X\nkeywords: [X]\nfields:\n  amount: (\\d+\n")
        #expect(badRegex.hasPrefix("bad.yml:4:") && badRegex.contains("field 'amount' does not compile"), "\(badRegex)")
        #expect(message("issuer: X\nkeywords: [X]\n  fields: [").contains("not valid YAML"))
        #expect(message("- a list").contains("a template is a mapping"))
        #expect(message("issuer: X\nkeywords: [X]\nfields:\n  amount:\n    regex: x\n").contains("without 'parser:'"))
        #expect(message("issuer: X\nkeywords: [X]\noptions:\n  decimal_separator: ',,'\n").contains("one character"))
        #expect(message("issuer: X\nkeywords: [X]\nlines:\n  start: a\n").contains("lines needs 'end:'"))
    }

    @Test("features Quire does not run load with a warning that says so")
    func warnings() throws {
        let t = try Template.load(yaml: """
            issuer: X
            keywords: [X]
            fields:
              amount:
                parser: regex
                regex: Total (\\d+)
                area: {f: 1, l: 1, x: 0, y: 0, W: 100, H: 100}
              other:
                parser: tables
            tables:
              - start: a
            options:
              remove_accents: true
              weird_option: 1
            """, file: "w.yml")
        let all = t.warnings.joined(separator: "\n")
        #expect(all.contains("'area'"))
        #expect(all.contains("parser 'tables'"))
        #expect(all.contains("the 'tables' plugin"))
        #expect(all.contains("weird_option"))
        #expect(t.options.removeAccents)
    }

    @Test("a folder of templates: the highest priority that matches wins; broken files are listed, not fatal")
    func templateSet() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("quire-templates-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir + "/de", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Self.legacy.write(toFile: dir + "/de/harbour.yml", atomically: true, encoding: .utf8)
        try "issuer: Generic\nkeywords: [RECHNUNG]\npriority: 1\nfields:\n  amount: (\\d+,\\d\\d)\n".write(toFile: dir + "/generic.yaml", atomically: true, encoding: .utf8)
        try "issuer: [broken\n".write(toFile: dir + "/broken.yml", atomically: true, encoding: .utf8)
        let set = TemplateSet.load(directories: [dir])
        #expect(set.templates.map(\.name) == ["harbour", "generic"])
        #expect(set.errors.count == 1 && set.errors[0].file.hasSuffix("broken.yml"))
        #expect(set.match(Self.text)?.name == "harbour")
        #expect(set.match("RECHNUNG von jemand anderem 12,00")?.name == "generic")
        // Through the extractor: template values carry the template's name and find their words.
        let doc = DocumentText(plainText: Self.text)
        let r = FieldExtractor(schema: .invoice, templates: set).extract(text: doc)
        #expect(r.template?.template.name == "harbour")
        #expect(r.value("total") == 40.82 && r.fields["total"]?.strategy == "template:harbour")
        #expect(r.value("invoice_number") == "HH-2026-0042")
        #expect(r.fields["invoice_number"]?.words.map(\.text) == ["HH-2026-0042"])
        #expect(r.value("vendor_vat_id") == "DE 273 184 654")
        #expect(r.fields["vendor_vat_id"]?.checks.first?.passed == true)
        #expect(r.value("line_items")?.arrayValue?.first?["amount"] == 19.9, "invoice2data's line_total is Quire's amount")
        #expect(r.value("payment_terms") == "14 Tage netto")
        #expect(r.value("sum_amount_lines") == nil && r.value("amount_lines") == 34.3, "a field only the template knows keeps its name")
        #expect(r.order.last == "amount_lines")
    }

    @Test("Python regex syntax is translated for ICU")
    func pythonSyntax() throws {
        #expect(TemplatePattern.icu("(?P<price_unit>\\d+) (?P=price_unit)") == "(?<priceZqZunit>\\d+) \\k<priceZqZunit>")
        let re = try NSRegularExpression(pattern: TemplatePattern.icu("(?P<unit_price>\\d+)"))
        #expect(re.numberOfCaptureGroups == 1)
    }
}
