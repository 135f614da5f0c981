/// How a child process ended.
public struct ProcessExit: Sendable, Hashable {
    /// True when a signal ended it (`status` is then the signal's number).
    public var signaled: Bool
    /// The exit status, or the signal's number.
    public var status: Int32

    /// From a `waitpid` status word.
    public init(waitStatus: Int32) {
        let signal = waitStatus & 0x7f
        self.signaled = signal != 0
        self.status = signal != 0 ? signal : (waitStatus >> 8) & 0xff
    }

    public init(signaled: Bool, status: Int32) {
        self.signaled = signaled
        self.status = status
    }
}
