import Foundation
import Synchronization

/// Runs a program directly (no shell) with a time limit and returns its exit status and output.
/// Output is read while the program runs, so a chatty program cannot block on a full pipe.
///
/// The blocking reads and waits run on a queue of this type's own: the global queues are only as
/// wide as the machine has cores, and blocking them could starve the timer that stops the program.
struct ProcessRunner: Sendable {
    struct Outcome: Sendable {
        var status: Int32
        var stdout: [UInt8]
        var stderr: [UInt8]
        var timedOut: Bool
    }

    enum Failure: Error {
        /// The program could not be started (not found, not executable).
        case launch(String)
    }

    var timeout: Duration

    /// Created queues may grow past the core count, unlike `DispatchQueue.global()`.
    private static let blockingQueue = DispatchQueue(label: "claude-proxy.process-runner", attributes: .concurrent)
    private static let timerQueue = DispatchQueue(label: "claude-proxy.process-runner.timer")
    /// How long a program that ignores SIGTERM gets before SIGKILL.
    static let killGraceSeconds = 2.0

    /// Runs `arguments[0]` (looked up in `PATH` from `environment` when it has no `/`) with the
    /// rest as its arguments and `environment` as its environment.
    func run(_ arguments: [String], environment: [String: String]) async throws(Failure) -> Outcome {
        guard let program = arguments.first else { throw .launch("the command is empty") }
        guard let executable = Self.locate(program, environment: environment) else {
            throw .launch("\(program) was not found\(program.contains("/") ? "" : " on PATH") or is not executable")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = Array(arguments.dropFirst())
        process.environment = environment
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        let timedOut = Mutex(false)
        let seconds = Double(timeout.components.seconds) + Double(timeout.components.attoseconds) / 1e18
        let result: Result<Outcome, Failure> = await withCheckedContinuation { continuation in
            Self.blockingQueue.async {
                do {
                    try process.run()
                } catch {
                    continuation.resume(returning: .failure(.launch("\(executable) could not be started: \(error)")))
                    return
                }
                Self.timerQueue.asyncAfter(deadline: .now() + seconds) {
                    guard process.isRunning else { return }
                    timedOut.withLock { $0 = true }
                    process.terminate()
                    let pid = process.processIdentifier
                    Self.timerQueue.asyncAfter(deadline: .now() + Self.killGraceSeconds) {
                        if process.isRunning { kill(pid, SIGKILL) }
                    }
                }
                let stderrData = Mutex(Data())
                let group = DispatchGroup()
                group.enter()
                Self.blockingQueue.async {
                    let data = errors.fileHandleForReading.readDataToEndOfFile()
                    stderrData.withLock { $0 = data }
                    group.leave()
                }
                let stdoutData = output.fileHandleForReading.readDataToEndOfFile()
                group.wait()
                process.waitUntilExit()
                continuation.resume(
                    returning: .success(
                        Outcome(
                            status: process.terminationStatus, stdout: Array(stdoutData),
                            stderr: Array(stderrData.withLock { $0 }), timedOut: timedOut.withLock { $0 })))
            }
        }
        return try result.get()
    }

    static func locate(_ program: String, environment: [String: String]) -> String? {
        if program.contains("/") {
            return FileManager.default.isExecutableFile(atPath: program) ? program : nil
        }
        let path = environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for directory in path.split(separator: ":") where !directory.isEmpty {
            let candidate = "\(directory)/\(program)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }
}
