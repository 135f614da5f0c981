import QuireCore
import Testing

@Suite("When expressions")
struct WhenExpressionTests {
    let values: [String: JSONValue] = [
        "item": ["size": 1200, "media_type": "pdf", "metadata": ["country": "DE", "tags": ["urgent"]], "priority": 0],
        "identify": ["media_type": "pdf", "pages": 3],
    ]

    func eval(_ text: String, stages: [String] = ["identify"]) throws -> Bool {
        let e = try WhenExpression.parse(text)
        try e.typeCheck(in: .init(stages: stages))
        return e.evaluate(values)
    }

    @Test(arguments: [
        ("item.size > 1000", true),
        ("item.size >= 1200 and item.size <= 1200", true),
        ("item.size < 1000 or identify.pages == 3", true),
        ("not (identify.media_type == \"png\")", true),
        ("identify.media_type in [\"pdf\", \"tiff\"]", true),
        ("identify.media_type not in ['pdf']", false),
        ("item.metadata.country == 'DE' && identify.pages > 2", true),
        ("item.metadata.missing == null", true),
        ("item.metadata.missing > 3", false),
        ("identify.pages != 3 || !(item.size > 0)", false),
        ("item.metadata.tags.0 == 'urgent'", true),
        ("item.size > -5", true),
        ("identify.pages > 1 and identify.pages < 10 and item.media_type == 'pdf'", true),
    ])
    func evaluates(text: String, expected: Bool) throws {
        #expect(try eval(text) == expected)
    }

    /// A condition prints with JSON's escapes and reads them back: what `pipelines show` prints is the
    /// condition that runs (a control character once printed as \u0002 read back as "u0002").
    @Test func printedConditionsReadBackAsThemselves() throws {
        for text in [#"item.metadata.note == "tab\there""#, "item.metadata.note == 'a\u{2}b'", #"item.metadata.note == "caf\u00e9 \"q\"""#,
                     #"item.metadata.note == "\u0301x\n\u0301""#, #"item.metadata.note == "\ud83d\ude00""#, "item.size > 8.5e31"] {
            let e = try WhenExpression.parse(text)
            #expect(try WhenExpression.parse(e.description) == e, "\(text) printed as \(e.description)")
        }
        #expect(try WhenExpression.parse(#"item.metadata.note == "caf\u00e9""#) == WhenExpression.parse("item.metadata.note == 'café'"))
        #expect(throws: WhenExpression.Problem.self) { try WhenExpression.parse(#"item.metadata.note == "\uzzzz""#) }
        #expect(throws: WhenExpression.Problem.self) { try WhenExpression.parse(#"item.metadata.note == "\ud83d""#) }
        #expect(throws: WhenExpression.Problem.self) { try WhenExpression.parse("item.size > 7e777") }
    }

    @Test(arguments: [
        ("item.size >", "column 12: the condition ends too early; a value or field path is missing"),
        ("item.size > 3 4", "column 15: unexpected '4'; join conditions with 'and' or 'or'"),
        ("(item.size > 3", "column 15: missing ')'"),
        ("item.name == 'x", "column 14: string is not closed; end it with '"),
        ("item.size > 3 $", "column 15: unexpected character '$'; a condition uses field paths, numbers, quoted strings, == != < <= > >=, in, and, or, not"),
        ("item.size", "the condition is a number, not true or false; compare it, e.g. 'item.size == ...'"),
        ("item.name in 'abc'", "'in' needs a list on its right, such as [\"pdf\", \"png\"], not a string"),
        ("item.size == 'big'", "'item.size == \"big\"' compares a number with a string, which is never equal; quote numbers only when the field is text"),
        ("ocr.text == 'x'", "unknown name 'ocr'; a condition reads item.<field> or the output of an earlier stage (earlier stages: identify)"),
        ("item.size and true", "'and'/'or' join conditions, but 'item.size' is a number; compare it, e.g. 'item.size == ...'"),
    ])
    func refuses(text: String, message: String) {
        do {
            _ = try eval(text)
            Issue.record("'\(text)' should be refused")
        } catch let p as WhenExpression.Problem {
            #expect(p.description == message)
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }
}
