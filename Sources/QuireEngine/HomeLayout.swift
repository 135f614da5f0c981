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
///
/// Nodes sharing a PostgreSQL store may share the inbox (`spool.inbox`) and the outbox
/// (`outbox`): the claimed folder is then `<inbox>/.claimed/<node>/`, on the inbox's filesystem
/// (a claim is a rename) and one per node (a node recovers only its own claims).
public struct HomeLayout: Sendable, Hashable {
    public let home: String
    public var inboxRoot: String
    public var outboxRoot: String
    var claimedRoot: String

    public init(home: String) {
        self.home = (home as NSString).standardizingPath
        inboxRoot = self.home + "/inbox"
        outboxRoot = self.home + "/outbox"
        claimedRoot = self.home + "/spool/claimed"
    }

    /// Uses a shared inbox root; `node` names this node's claimed folder inside it.
    public mutating func shareInbox(_ root: String, node: String) {
        inboxRoot = (root as NSString).standardizingPath
        claimedRoot = inboxRoot + "/.claimed/" + node
    }

    public var configFile: String { home + "/quire.yaml" }
    public var defaultPipelines: String { home + "/pipelines" }
    public var dataDirectory: String { home + "/data" }
    public var defaultDatabase: String { dataDirectory + "/quire.sqlite" }
    public var defaultBlobs: String { dataDirectory + "/blobs" }

    public func inbox(_ pipeline: String) -> String { "\(inboxRoot)/\(pipeline)" }
    public func outbox(_ pipeline: String, _ folder: String) -> String { "\(outboxRoot)/\(pipeline)/\(folder)" }
    public func claimed(_ pipeline: String) -> String { "\(claimedRoot)/\(pipeline)" }

    /// With a shared inbox, the other nodes' claimed folders of a pipeline (`<inbox>/.claimed/<node>/<pipeline>`).
    public func otherNodesClaimed(_ pipeline: String) -> [String] {
        let parent = (claimedRoot as NSString).deletingLastPathComponent
        guard parent == inboxRoot + "/.claimed" else { return [] }
        let own = (claimedRoot as NSString).lastPathComponent
        return ((try? FileManager.default.contentsOfDirectory(atPath: parent)) ?? []).filter { $0 != own }.sorted().map { "\(parent)/\($0)/\(pipeline)" }
    }
    public func archive(_ pipeline: String, day: String) -> String { "\(home)/archive/\(pipeline)/\(day)" }

    /// Creates the folders of one pipeline.
    public func prepare(pipeline: String) throws {
        for dir in [inbox(pipeline), claimed(pipeline), outbox(pipeline, "done"), outbox(pipeline, "failed"),
                    outbox(pipeline, "rejected"), outbox(pipeline, "duplicate")] {
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        }
    }
}
