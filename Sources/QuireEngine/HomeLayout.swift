import Foundation

/// Where things live in an appliance's home folder.
///
/// ```
/// <home>/quire.yaml              configuration
/// <home>/pipelines/*.yaml        pipeline specs
/// <home>/inbox/<pipeline>/       drop files here
/// <home>/outbox/<pipeline>/done|failed|rejected|duplicate/
/// <home>/archive/<pipeline>/<day>/  originals, when spool.after is archive
/// <home>/spool/claimed/<pipeline>/  files being taken in (private)
/// <home>/data/quire.sqlite       the embedded store
/// <home>/data/blobs/             content-addressed copies of every accepted file
/// ```
public struct HomeLayout: Sendable, Hashable {
    public let home: String

    public init(home: String) {
        self.home = (home as NSString).standardizingPath
    }

    public var configFile: String { home + "/quire.yaml" }
    public var defaultPipelines: String { home + "/pipelines" }
    public var inboxRoot: String { home + "/inbox" }
    public var outboxRoot: String { home + "/outbox" }
    public var dataDirectory: String { home + "/data" }
    public var defaultDatabase: String { dataDirectory + "/quire.sqlite" }
    public var defaultBlobs: String { dataDirectory + "/blobs" }

    public func inbox(_ pipeline: String) -> String { "\(inboxRoot)/\(pipeline)" }
    public func outbox(_ pipeline: String, _ folder: String) -> String { "\(outboxRoot)/\(pipeline)/\(folder)" }
    public func claimed(_ pipeline: String) -> String { "\(home)/spool/claimed/\(pipeline)" }
    public func archive(_ pipeline: String, day: String) -> String { "\(home)/archive/\(pipeline)/\(day)" }

    /// Creates the folders of one pipeline.
    public func prepare(pipeline: String) throws {
        for dir in [inbox(pipeline), claimed(pipeline), outbox(pipeline, "done"), outbox(pipeline, "failed"),
                    outbox(pipeline, "rejected"), outbox(pipeline, "duplicate")] {
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        }
    }
}
