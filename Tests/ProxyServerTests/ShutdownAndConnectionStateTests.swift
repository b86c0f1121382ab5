import Foundation
import NIOCore
import ProxyCore
import Testing

@testable import ProxyServer

@Suite struct ShutdownStateMachineTests {
    @Test func firstStopDrainsSecondEndsAtOnce() {
        var machine = ShutdownStateMachine()
        #expect(machine.stopRequested() == .drain)
        #expect(machine.state == .draining)
        #expect(machine.stopRequested() == .endInFlight(urgent: true))
        #expect(machine.stopRequested() == .none)
    }

    @Test func graceExpiryEndsWhatIsLeftOnlyWhileDraining() {
        var machine = ShutdownStateMachine()
        #expect(machine.graceExpired() == .none)
        _ = machine.stopRequested()
        #expect(machine.graceExpired() == .endInFlight(urgent: false))
        #expect(machine.stopRequested() == .none)
        #expect(machine.graceExpired() == .none)
    }

    @Test func endNowWorksFromAnyStateOnce() {
        var running = ShutdownStateMachine()
        #expect(running.endNow() == .endInFlight(urgent: true))
        var draining = ShutdownStateMachine()
        _ = draining.stopRequested()
        #expect(draining.endNow() == .endInFlight(urgent: true))
        #expect(draining.endNow() == .none)
    }
}

@Suite struct ClientTimeoutStateMachineTests {
    let start = NIODeadline.uptimeNanoseconds(1_000_000_000)
    func at(_ seconds: Int64) -> NIODeadline { start + .seconds(seconds) }

    @Test func anIdleConnectionTimesOutAfterTheIdleTimeout() {
        let machine = ClientTimeoutStateMachine(read: .seconds(30), idle: .seconds(60), now: start)
        #expect(!machine.hasTimedOut(now: at(59)))
        #expect(machine.hasTimedOut(now: at(60)))
    }

    @Test func anUnfinishedHeadTimesOutAfterTheReadTimeoutFromItsFirstByte() {
        var machine = ClientTimeoutStateMachine(read: .seconds(30), idle: .seconds(60), now: start)
        machine.bytesArrived(now: at(10))
        machine.bytesArrived(now: at(20))  // a slowloris dribble does not move the deadline
        #expect(!machine.hasTimedOut(now: at(39)))
        #expect(machine.hasTimedOut(now: at(40)))
    }

    @Test func aBodyThatNeverEndsTimesOutFromTheRequestStart() {
        var machine = ClientTimeoutStateMachine(read: .seconds(30), idle: .seconds(60), now: start)
        machine.bytesArrived(now: at(1))
        machine.requestHeadRead(now: at(2))
        #expect(machine.hasTimedOut(now: at(31)))
    }

    @Test func aSlowResponseIsNeverCutAndIdleTimingRestartsAfterIt() {
        var machine = ClientTimeoutStateMachine(read: .seconds(30), idle: .seconds(60), now: start)
        machine.bytesArrived(now: at(0))
        machine.requestHeadRead(now: at(0))
        machine.requestEndRead(now: at(1))
        #expect(machine.deadline == nil)
        #expect(!machine.hasTimedOut(now: at(3600)))
        machine.responseEndWritten(now: at(3600))
        #expect(!machine.hasTimedOut(now: at(3659)))
        #expect(machine.hasTimedOut(now: at(3660)))
    }

    @Test func anEarlyAnswerDoesNotStopTheReadTimeout() {
        var machine = ClientTimeoutStateMachine(read: .seconds(30), idle: .seconds(60), now: start)
        machine.requestHeadRead(now: at(0))
        machine.responseEndWritten(now: at(1))  // e.g. a 413 before the body was read
        #expect(machine.hasTimedOut(now: at(30)))
        machine.requestEndRead(now: at(5))
        #expect(machine.deadline == at(65))
    }
}

@Suite struct EventHubClosingTests {
    @Test func closeAllEndsSubscriptionsButKeepsTheDashboardsOwn() async {
        let hub = EventHub()
        let remote = hub.subscribe(replay: false)
        let own = hub.subscribe(replay: false, keepOpenOnClose: true)
        hub.closeAll()
        hub.publish(.log(level: .info, message: "after close"))
        var remoteEvents = 0
        for await _ in remote { remoteEvents += 1 }
        #expect(remoteEvents == 0)
        var ownIterator = own.makeAsyncIterator()
        let event = await ownIterator.next()
        #expect(event.map { if case .log(_, "after close") = $0.kind { true } else { false } } == true)
    }

    @Test func subscribingAfterCloseAllEndsAtOnce() async {
        let hub = EventHub()
        hub.publish(.log(level: .info, message: "history"))
        hub.closeAll()
        var count = 0
        for await _ in hub.subscribe() { count += 1 }
        #expect(count == 0)
    }
}

@Suite struct ConnectionGateTests {
    @Test func refusesBeyondTheLimitAndAdmitsAgainAfterARelease() {
        let gate = ConnectionGate(limit: 2)
        #expect(gate.admit() == .admitted)
        #expect(gate.admit() == .admitted)
        #expect(gate.admit() == .refused(answer: true))
        #expect(gate.openConnections == 2)
        gate.release()
        #expect(gate.admit() == .admitted)
    }

    @Test func aFloodOfRefusalsIsClosedWithoutAnswersBeyondTheBudget() {
        let gate = ConnectionGate(limit: 0)
        for _ in 0..<ConnectionGate.answeredRefusals { #expect(gate.admit() == .refused(answer: true)) }
        #expect(gate.admit() == .refused(answer: false))
        gate.refusalDone()
        #expect(gate.admit() == .refused(answer: true))
    }
}
