public import Foundation

/// An append-only record of something that happened to an item.
public struct Event: Sendable, Hashable, Codable {
    public var id: Int64
    public var itemID: ItemID
    public var jobID: JobID?
    public var at: Date
    /// `received`, `duplicate`, `claimed`, `done`, `retry`, `dead_letter`, `rescued`, `skipped`, ...
    public var kind: String
    public var stageID: String?
    public var data: JSONValue

    public init(id: Int64, itemID: ItemID, jobID: JobID?, at: Date, kind: String, stageID: String?, data: JSONValue) {
        self.id = id
        self.itemID = itemID
        self.jobID = jobID
        self.at = at
        self.kind = kind
        self.stageID = stageID
        self.data = data
    }
}
