public import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs a command and waits for it with posix_spawn and waitpid on its own pid. Foundation's
/// `Process.waitUntilExit` was seen to hang in the parallel test run after the child had exited
/// (its SIGCHLD bookkeeping missed the exit); this cannot. Output goes to /dev/null, and the child
/// gets no other descriptor of this process.
public enum Spawn {
    @available(*, noasync, message: "use `await Spawn.running(_:)`: this wait holds its thread, and a test's thread is one of the cooperative pool's two")
    public static func run(_ argv: [String]) -> Int32 {
        run(argv, stdout: "/dev/null")
    }

    /// Runs a command and returns its exit status and standard output. The output goes through a
    /// temporary file, not a pipe: a command that starts a daemon (tmux) would hand it the pipe,
    /// and reading the pipe to its end would wait for the daemon.
    @available(*, noasync, message: "use `await Spawn.outputOf(_:)`: this wait holds its thread, and a test's thread is one of the cooperative pool's two")
    public static func output(_ argv: [String]) -> (status: Int32, stdout: String) {
        let path = NSTemporaryDirectory() + "/quire-spawn-\(getpid())-\(UInt64.random(in: 0...UInt64.max)).out"
        defer { unlink(path) }
        let status = run(argv, stdout: path)
        return (status, (try? String(contentsOfFile: path, encoding: .utf8)) ?? "")
    }

    /// glibc's `posix_spawn_file_actions_addclosefrom_np` (2.34 and later), which its Swift module does not
    /// show; looked up once, nil on a C library without it.
    static let closeFrom: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32)? = {
        guard let symbol = dlsym(dlopen(nil, RTLD_NOW), "posix_spawn_file_actions_addclosefrom_np") else { return nil }
        return unsafeBitCast(symbol, to: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32).self)
    }()

    static func run(_ argv: [String], stdout: String) -> Int32 {
        var pid: pid_t = 0
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdout, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        // Nothing else of this process goes with the child. Tests run side by side in one process, and a
        // daemon started here (a PostgreSQL cluster, a tmux server) kept the write end of another test's
        // output pipe open for as long as it lived, so that test's read never ended (seen: a test waiting
        // on `quire items list` for ever while the cluster of a PostgreSQL test ran).
        _ = closeFrom?(&actions, 3)
        let cargs = argv.map { strdup($0) } + [nil]
        defer { for p in cargs { free(p) } }
        guard posix_spawn(&pid, argv[0], &actions, nil, cargs, environ) == 0 else { return -1 }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    }

    /// ``run(_:)`` on a thread of its own (see ``OwnThread``), so that the wait holds none of the cooperative pool's threads.
    public static func running(_ argv: [String]) async -> Int32 {
        await OwnThread.run { run(argv) }
    }

    /// ``output(_:)`` on a thread of its own.
    public static func outputOf(_ argv: [String]) async -> (status: Int32, stdout: String) {
        await OwnThread.run { output(argv) }
    }
}
