import Dispatch
import Foundation
import ProxyServer

/// SIGTERM and SIGINT for `serve`: the first drains (see `ShutdownCoordinator`), the second ends
/// what is running and leaves within a second and a half even if something is stuck.
final class StopSignals {
    /// The longest a second signal waits for the orderly end before the process leaves anyway.
    static let hardExitDelay: DispatchTimeInterval = .milliseconds(1500)

    private let sources: [any DispatchSourceSignal]

    init(coordinator: ShutdownCoordinator) {
        sources = [SIGTERM, SIGINT].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                if case .endInFlight(urgent: true) = coordinator.requestStop() {
                    DispatchQueue.global().asyncAfter(deadline: .now() + Self.hardExitDelay) {
                        fflush(nil)
                        _exit(0)
                    }
                }
            }
            source.resume()
            return source
        }
    }

    func cancel() {
        for source in sources { source.cancel() }
    }
}
