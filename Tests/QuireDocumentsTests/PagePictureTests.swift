import Foundation
import QuireCore
@testable import QuireDocuments
import QuireTesting
import Testing

/// Page pictures for the review UI (chafa in the worker), on the committed fixtures.
@Suite("Page pictures", .offThePool)
struct PagePictureTests {
    static let pdf = FixturesTests.root + "/documents/doc-000.pdf"
    static let scan = FixturesTests.root + "/scans/doc-001.png"

    static func draw(_ path: String, _ request: PictureRequest, mediaType: String = "pdf") throws -> PagePicture {
        // Through the task's JSON, as a worker gets it.
        let out = try PagePictureTask().run(input: ["path": .string(path), "media_type": .string(mediaType), "request": request.json])
        return try PagePicture(json: out)
    }

    @Test("a whole page in symbols: every cell a character with its colours, the page's proportions kept in the area")
    func symbols() throws {
        let p = try Self.draw(Self.pdf, PictureRequest(page: 1, columns: 80, rows: 40))
        #expect(p.mode == .symbols && p.pages >= 1)
        #expect(p.rows == 40 && p.columns <= 80 && p.columns > 20, "\(p.columns) × \(p.rows)")
        #expect(p.lines.count == p.rows && p.lines.allSatisfy { $0.unicodeScalars.count == p.columns })
        #expect(p.foreground.count == p.columns * p.rows && p.background.count == p.columns * p.rows)
        // A white page with black print: mostly light cells, some dark ink.
        func light(_ c: UInt32) -> Bool { (c >> 16) & 0xFF > 200 && (c >> 8) & 0xFF > 200 && c & 0xFF > 200 }
        let cells = p.columns * p.rows
        let paper = (0..<cells).filter { light(p.background[$0]) || (p.lines[$0 / p.columns].unicodeScalars.map { $0 }[$0 % p.columns] == "█" && light(p.foreground[$0])) }.count
        #expect(paper > cells / 2, "\(paper) of \(cells) cells are paper")
        #expect(p.lines.joined().contains { $0 != " " && $0 != "█" }, "the print shows as shapes")
        #expect(abs(p.shown.x1 - p.pageWidth) < 0.01 && abs(p.shown.y1 - p.pageHeight) < 0.01)
    }

    @Test("without colour the shapes alone draw the page; a zoom shows a part around the focus, with its words outlined in red")
    func zoomAndOutline() throws {
        let mono = try Self.draw(Self.pdf, PictureRequest(page: 1, columns: 60, rows: 30, color: false))
        #expect(mono.foreground.isEmpty && mono.background.isEmpty && mono.lines.count == mono.rows)
        #expect(mono.lines.joined().filter { $0 != " " }.count > 20, "thin print is thickened and dithered into shapes")
        // A small picture in shapes alone still shows the print (it averaged out to paper before strokes were thickened).
        let small = try Self.draw(Self.pdf, PictureRequest(page: 1, columns: 79, rows: 14, color: false))
        #expect(small.lines.joined().filter { $0 != " " }.count > 15, "\(small.lines.joined(separator: "\n"))")
        let word = PictureRequest.Rect(x0: 60, y0: 60, x1: 200, y1: 80)
        let plain = try Self.draw(Self.pdf, PictureRequest(page: 1, columns: 60, rows: 30, zoom: 4, focus: .init(x: 130, y: 70)))
        let outlined = try Self.draw(Self.pdf, PictureRequest(page: 1, columns: 60, rows: 30, zoom: 4, focus: .init(x: 130, y: 70), outline: [word]))
        #expect(abs((plain.shown.x1 - plain.shown.x0) - plain.pageWidth / 4) < 0.01)
        #expect(plain.shown.x0 <= 130 && plain.shown.x1 >= 130 && plain.shown.y0 <= 70 && plain.shown.y1 >= 70)
        func reds(_ p: PagePicture) -> Int {
            (p.foreground + p.background).filter { c in (c >> 16) & 0xFF > 150 && (c >> 8) & 0xFF < 90 && c & 0xFF < 90 }.count
        }
        #expect(reds(plain) == 0)
        #expect(reds(outlined) > 5, "\(reds(outlined)) red cells")
        // Panned a quarter to the right: the part moves, and stays on the page at its edge.
        let panned = try Self.draw(Self.pdf, PictureRequest(page: 1, columns: 60, rows: 30, zoom: 4, focus: .init(x: 130, y: 70), panX: 1))
        #expect(panned.shown.x0 > plain.shown.x0)
        let edge = try Self.draw(Self.pdf, PictureRequest(page: 1, columns: 60, rows: 30, zoom: 2, panX: 40))
        #expect(abs(edge.shown.x1 - edge.pageWidth) < 0.01)
    }

    @Test("sixel and kitty: the graphics sequence the terminal draws")
    func graphics() throws {
        let sixel = try Self.draw(Self.pdf, PictureRequest(page: 1, columns: 40, rows: 20, mode: .sixel))
        let s = try #require(sixel.sequence)
        #expect(s.hasPrefix("\u{1B}P") && s.contains("q") && s.contains("\u{1B}\\"), "\(s.prefix(20).debugDescription)")
        #expect(sixel.lines.isEmpty)
        let kitty = try Self.draw(Self.pdf, PictureRequest(page: 1, columns: 40, rows: 20, mode: .kitty))
        #expect(kitty.sequence?.hasPrefix("\u{1B}_G") == true, "\(kitty.sequence?.prefix(20).debugDescription ?? "nil")")
    }

    @Test("an image file: its own resolution gives the page's size in points")
    func image() throws {
        let p = try Self.draw(Self.scan, PictureRequest(page: 1, columns: 50, rows: 25), mediaType: "png")
        #expect(p.pages == 1 && p.pageWidth > 100 && p.lines.count == p.rows)
    }

    @Test("bad requests and bad documents are refused with a message that says what is wrong")
    func refusals() throws {
        for (request, words) in [(PictureRequest(page: 1, columns: 80, rows: 40, zoom: 3), "zoom 3"),
                                 (PictureRequest(page: 0, columns: 80, rows: 40), "numbered from 1"),
                                 (PictureRequest(page: 1, columns: 9000, rows: 9000), "cells"),
                                 (PictureRequest(page: 9, columns: 80, rows: 40), "not 9")] {
            #expect { try Self.draw(Self.pdf, request) } throws: { e in
                (e as? QuireError).map { $0.message.contains(words) } ?? false
            }
        }
        // A value JSON cannot carry is refused before it is sent, and a request that is no request by the worker.
        #expect(throws: QuireError.self) { try PictureRequest(page: 1, columns: 80, rows: 40, focus: .init(x: .nan, y: 1)).validated() }
        #expect { try PagePictureTask().run(input: ["path": .string(Self.pdf), "request": ["page": "one"]]) } throws: { e in
            (e as? QuireError)?.code == .invalidArgument
        }
        let dir = try TemporaryDirectory("quire-picture")
        defer { dir.remove() }
        let broken = dir.path + "/broken.pdf"
        try Data("%PDF-1.4\nnot really".utf8).write(to: URL(fileURLWithPath: broken))
        #expect { try Self.draw(broken, PictureRequest(page: 1, columns: 80, rows: 40)) } throws: { e in
            (e as? QuireError)?.code == .unsupportedInput
        }
    }
}
