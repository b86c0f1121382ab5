import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Keeps the terminal usable whatever happens: saves its settings, sends stray stderr output
/// to a file instead of the screen, and on a crash signal (SIGSEGV, SIGBUS, SIGILL, SIGFPE,
/// SIGABRT, SIGTRAP) restores the terminal from an async-signal-safe handler before handing the
/// signal to the handler it replaced (the Swift runtime's backtracer, or the default action).
enum TerminalGuard {
    // Written once in `install`, before any handler can run, and only read afterwards (also
    // from signal handlers, which is why these are plain C-layout storage, not Swift objects).
    nonisolated(unsafe) private static var savedTermios = termios()
    nonisolated(unsafe) private static var haveTermios = false
    nonisolated(unsafe) private static var savedStderr: Int32 = -1
    nonisolated(unsafe) private static var resetSequence: UnsafeMutableBufferPointer<UInt8>?
    nonisolated(unsafe) private static var crashMessage: UnsafeMutableBufferPointer<UInt8>?
    /// Set by the crash handler: the UI thread must not touch the terminal again (other threads
    /// keep running while the runtime's backtracer reports the crash).
    nonisolated(unsafe) static var hasCrashed = false
    /// The handlers ours replaced (the Swift runtime's backtracer), by signal number.
    nonisolated(unsafe) private static var previousActions = UnsafeMutablePointer<sigaction>.allocate(capacity: 65)

    static let crashSignals: [Int32] = [SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP]

    /// Call before `initscr`. `stderrLog` receives anything written to stderr while the UI runs.
    static func install(stderrLog: String?) {
        haveTermios = isatty(STDIN_FILENO) == 1 && tcgetattr(STDIN_FILENO, &savedTermios) == 0
        resetSequence = copy("\u{1B}[0m\u{1B}[?25h\u{1B}[?1049l\u{1B}[?1l\u{1B}>\r\n")
        if let stderrLog, let fd = openLog(stderrLog) {
            savedStderr = dup(STDERR_FILENO)
            dup2(fd, STDERR_FILENO)
            close(fd)
            crashMessage = copy("claude-proxy: the dashboard crashed; details are in \(stderrLog)\n")
        } else {
            crashMessage = copy("claude-proxy: the dashboard crashed\n")
        }
        for signal in crashSignals {
            var action = sigaction()
            #if canImport(Glibc)
            action.__sigaction_handler.sa_sigaction = { signal, info, context in
                TerminalGuard.handleCrash(signal, info, context)
            }
            #else
            action.__sigaction_u.__sa_sigaction = { signal, info, context in
                TerminalGuard.handleCrash(signal, info, context)
            }
            #endif
            action.sa_flags = SA_SIGINFO
            sigemptyset(&action.sa_mask)
            sigaction(signal, &action, previousActions + Int(signal))
        }
    }

    /// Restores the terminal, lets the handler we replaced (the Swift runtime's backtracer) report
    /// the crash, then ends the process with the signal's default action — also when the signal
    /// came from `kill`, which a backtracer alone would survive.
    private static func handleCrash(_ signal: Int32, _ info: UnsafeMutablePointer<siginfo_t>?, _ context: UnsafeMutableRawPointer?) {
        hasCrashed = true
        emergencyRestore()
        let previous = previousActions[Int(signal)]
        #if canImport(Glibc)
        let raw = unsafeBitCast(previous.__sigaction_handler, to: Int.self)
        #else
        let raw = unsafeBitCast(previous.__sigaction_u, to: Int.self)
        #endif
        if raw != 0 && raw != 1 {  // neither SIG_DFL nor SIG_IGN
            #if canImport(Glibc)
            if previous.sa_flags & SA_SIGINFO != 0 {
                previous.__sigaction_handler.sa_sigaction?(signal, info, context)
            } else {
                previous.__sigaction_handler.sa_handler?(signal)
            }
            #else
            if previous.sa_flags & SA_SIGINFO != 0 {
                previous.__sigaction_u.__sa_sigaction?(signal, info, context)
            } else {
                previous.__sigaction_u.__sa_handler?(signal)
            }
            #endif
        }
        var fallback = sigaction()
        sigemptyset(&fallback.sa_mask)
        sigaction(signal, &fallback, nil)
        raise(signal)
    }

    /// Normal exit: hand stderr back and drop the crash handlers.
    static func uninstall() {
        for signal in crashSignals { sigaction(signal, previousActions + Int(signal), nil) }
        if savedStderr >= 0 {
            dup2(savedStderr, STDERR_FILENO)
            close(savedStderr)
            savedStderr = -1
        }
    }

    /// Async-signal-safe: only write, tcsetattr and dup2.
    static func emergencyRestore() {
        if let reset = resetSequence { _ = write(STDOUT_FILENO, reset.baseAddress, reset.count) }
        if haveTermios { _ = tcsetattr(STDIN_FILENO, TCSANOW, &savedTermios) }
        if savedStderr >= 0 { _ = dup2(savedStderr, STDERR_FILENO) }
        if let message = crashMessage { _ = write(STDERR_FILENO, message.baseAddress, message.count) }
    }

    /// Restores the terminal and exits now (a second SIGINT while draining).
    static func forceExit(status: Int32) -> Never {
        crashMessage = nil
        emergencyRestore()
        _exit(status)
    }

    private static func copy(_ text: String) -> UnsafeMutableBufferPointer<UInt8> {
        let bytes = Array(text.utf8)
        let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: bytes.count)
        _ = buffer.initialize(from: bytes)
        return buffer
    }

    private static func openLog(_ path: String) -> Int32? {
        let directory = (path as NSString).deletingLastPathComponent
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
        return fd >= 0 ? fd : nil
    }

    /// `$XDG_STATE_HOME/claude-proxy/dashboard-stderr.log` (default `~/.local/state/…`).
    static func defaultStderrLog(environment: [String: String]) -> String {
        let state = environment["XDG_STATE_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (NSHomeDirectory() as NSString).appendingPathComponent(".local/state")
        return (state as NSString).appendingPathComponent("claude-proxy/dashboard-stderr.log")
    }
}
