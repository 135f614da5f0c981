import Foundation

extension FieldRanker {
    /// The ranker shipped with this build (see ``defaultJSON``); nil when none is built in.
    public static let builtIn: FieldRanker? = defaultJSON.isEmpty ? nil : try? decode(Data(defaultJSON.utf8))

    /// Trained by `quire bench fields --train-ranker`; replaced by that command, not by hand.
    static let defaultJSON = ""
}
