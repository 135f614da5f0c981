import ArgumentParser
import QuireAppliance
import QuireEngine

/// `quire worker`: the isolated process that parses untrusted files for `quire serve`.
/// Started by the appliance, not by people; it speaks a framed protocol on stdin/stdout.
struct WorkerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker",
        abstract: "Internal: an isolated worker process started by 'quire serve' (framed JSON on stdin/stdout).",
        discussion: "Example (what the appliance runs):\n  quire worker --max-memory-mb 2048 --max-cpu-seconds 120",
        shouldDisplay: false)

    @Option(help: "Address-space limit, MiB.") var maxMemoryMb = 2048
    @Option(help: "CPU seconds per request.") var maxCpuSeconds = 120

    func validate() throws {
        if maxMemoryMb < 64 { throw ValidationError("--max-memory-mb must be at least 64") }
        if maxCpuSeconds < 1 { throw ValidationError("--max-cpu-seconds must be at least 1") }
    }

    func run() throws {
        var limits = WorkerMain.Limits()
        limits.addressSpace = UInt64(maxMemoryMb) << 20
        limits.cpuSecondsPerRequest = UInt64(maxCpuSeconds)
        let status = WorkerMain.serve(tasks: Appliance.isolatedTasks(), limits: limits)
        if status != 0 { throw ExitCode(status) }
    }
}
