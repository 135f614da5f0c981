import Foundation
import QuireCore
import Testing

/// Which round a stage's question opens, and which evidence a reviewer may see as a picture.
@Suite("Review rounds")
struct ReviewRoundsTests {
    static func review(stage: String?, round: Int, state: Review.State, evidence: [BotDispatch.Evidence] = []) -> Review {
        Review(item: ItemID("itm_1"), pipeline: "p", queue: "q", priority: 0, reasons: [], due: nil, state: state, createdAt: Date(), updatedAt: Date(),
               stage: stage, round: round,
               context: evidence.isEmpty ? nil : BotQuestion(bot: "erp", action: "enter", code: "c", message: "m", evidence: evidence).json)
    }

    @Test func aStageKeepsItsOpenRoundAndStartsTheNextAfterADecision() {
        #expect(Review.round(for: "erp", isReviewStage: false, existing: nil) == 1)
        #expect(Review.round(for: "erp", isReviewStage: false, existing: Self.review(stage: "erp", round: 2, state: .open)) == 2)
        #expect(Review.round(for: "erp", isReviewStage: false, existing: Self.review(stage: "erp", round: 2, state: .decided)) == 3)
        #expect(Review.round(for: "erp", isReviewStage: false, existing: Self.review(stage: "review", round: 1, state: .claimed)) == 2)
        // A review from before rounds existed (no stage) is the review stage's, not a bot's.
        let legacy = Self.review(stage: nil, round: 1, state: .decided)
        #expect(legacy.asked(by: "review", isReviewStage: true) && !legacy.asked(by: "erp", isReviewStage: false))
    }

    @Test func onlyTheRoundsOwnEvidenceIsDrawnAsTheKindOfFileItIs() throws {
        let png = BotDispatch.Evidence(kind: "screenshot", name: "shot", sha256: String(repeating: "a", count: 64), size: 1, mediaType: "image/png")
        let jpeg = BotDispatch.Evidence(kind: "photo", name: "receipt.JPG", sha256: String(repeating: "b", count: 64), size: 1, mediaType: nil)
        let log = BotDispatch.Evidence(kind: "log", name: "session.txt", sha256: String(repeating: "d", count: 64), size: 1, mediaType: "text/plain")
        let r = Self.review(stage: "erp", round: 2, state: .open, evidence: [png, jpeg, log])
        #expect(log.pictureKind == nil)
        #expect(throws: QuireError.self) { try r.evidenceToDraw(log.sha256) }
        #expect(try r.evidenceToDraw(png.sha256).1 == "png")
        #expect(try r.evidenceToDraw(jpeg.sha256).1 == "jpg")
        #expect(throws: QuireError.self) { try r.evidenceToDraw(String(repeating: "c", count: 64)) }
        #expect(throws: QuireError.self) { try Self.review(stage: "review", round: 1, state: .open).evidenceToDraw(png.sha256) }
        // A request naming evidence must name it by a sha256.
        #expect(throws: QuireError.self) { try PictureRequest(page: 1, columns: 10, rows: 5, evidence: "../../etc/passwd").validated() }
    }
}
