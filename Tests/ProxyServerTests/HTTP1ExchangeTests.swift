import Foundation
import ProxyCore
import Testing

@testable import ProxyServer

/// HTTP/1.0 clients get answers they can read, and requests the parser rejects get the same
/// JSON error as every other failure.
@Suite(.serialized) struct HTTP1ExchangeTests {
    @Test func anHTTP10RequestGetsALengthFramedAnswerAndTheConnectionCloses() async throws {
        let harness = try await ProxyHarness.start()
        let port = harness.proxyPort
        let (response, closed) = try await RawSocket.run {
            let socket = try RawSocket(port: port)
            try socket.send("GET /health HTTP/1.0\r\n\r\n")
            return (try socket.readResponse(), try socket.serverClosed())
        }
        await harness.stop()
        #expect(response.version == "HTTP/1.0")
        #expect(response.status == 200)
        #expect(response.header("transfer-encoding") == nil)
        #expect(response.header("content-length") != nil)
        #expect(response.header("connection") == "close")
        #expect(closed)
    }

    @Test func anHTTP10KeepAliveRequestCanReuseTheConnection() async throws {
        let harness = try await ProxyHarness.start()
        let port = harness.proxyPort
        let (first, second) = try await RawSocket.run {
            let socket = try RawSocket(port: port)
            try socket.send("GET /health HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
            let first = try socket.readResponse()
            try socket.send("GET /health HTTP/1.0\r\n\r\n")
            return (first, try socket.readResponse())
        }
        await harness.stop()
        #expect(first.header("connection") == "keep-alive")
        #expect(first.header("content-length") != nil)
        #expect(second.status == 200)
        #expect(second.header("connection") == "close")
    }

    @Test func anHTTP10StreamIsCloseDelimitedNotChunked() async throws {
        let harness = try await ProxyHarness.start()
        let port = harness.proxyPort
        let body = chatBody("hi", stream: true)
        let response = try await RawSocket.exchange(
            port: port,
            "POST /v1/chat/completions HTTP/1.0\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)")
        await harness.stop()
        #expect(response.version == "HTTP/1.0")
        #expect(response.status == 200)
        #expect(response.header("transfer-encoding") == nil)
        #expect(response.header("connection") == "close")
        #expect(response.body.hasSuffix("data: [DONE]\n\n"), "\(response.body.suffix(200))")
    }

    @Test func anHTTP11RequestIsUnchanged() async throws {
        let harness = try await ProxyHarness.start()
        let response = try await RawSocket.exchange(
            port: harness.proxyPort, "GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        await harness.stop()
        #expect(response.version == "HTTP/1.1")
        #expect(response.status == 200)
    }

    static let unparsable: [(String, String)] = [
        ("100 KB header", "GET /health HTTP/1.1\r\nHost: x\r\nX-Big: \(String(repeating: "a", count: 100_000))\r\n\r\n"),
        ("1,000 headers", "GET /health HTTP/1.1\r\nHost: x\r\n" + (0..<1000).map { "X-H\($0): v\r\n" }.joined() + "\r\n"),
        ("garbage request line", "\u{1}\u{2}GARBAGE not http at all\r\n\r\n"),
        ("bad version", "GET /health HTTP/9.x\r\nHost: x\r\n\r\n"),
    ]

    @Test func requestsTheParserRejectsGetTheOpenAIJSONErrorAndAClose() async throws {
        let harness = try await ProxyHarness.start()
        let port = harness.proxyPort
        var answers: [(String, RawSocket.Response, Bool)] = []
        for (name, request) in Self.unparsable {
            let (response, closed) = try await RawSocket.run {
                let socket = try RawSocket(port: port)
                try socket.send(request)
                return (try socket.readResponse(), try socket.serverClosed())
            }
            answers.append((name, response, closed))
        }
        await harness.stop()
        for (name, response, closed) in answers {
            #expect(response.status == 400, "\(name)")
            #expect(response.header("content-type") == "application/json", "\(name)")
            #expect(response.header("connection") == "close", "\(name)")
            let error = parse(response.body)["error"]
            #expect(error?["type"] == "invalid_request_error", "\(name): \(response.body)")
            #expect(error?["message"]?.stringValue?.isEmpty == false, "\(name)")
            #expect(closed, "\(name)")
        }
        #expect(parse(answers[0].1.body)["error"]?["code"] == "request_headers_too_large")
        #expect(parse(answers[1].1.body)["error"]?["code"] == "request_headers_too_large")
    }

    @Test func garbageAfterAGoodRequestIsAnsweredAfterItsResponse() async throws {
        let harness = try await ProxyHarness.start()
        let port = harness.proxyPort
        let (first, second) = try await RawSocket.run {
            let socket = try RawSocket(port: port)
            try socket.send("GET /health HTTP/1.1\r\nHost: x\r\n\r\n\u{1}GARBAGE\r\n\r\n")
            return (try socket.readResponse(), try socket.readResponse())
        }
        await harness.stop()
        #expect(first.status == 200)
        #expect(second.status == 400)
        #expect(parse(second.body)["error"]?["code"] == "malformed_http_request")
    }

    @Test func theStateMachineFramesHTTP10AndPostponesParseErrors() {
        var state = HTTP1ExchangeStateMachine()
        state.receivedHead(isHTTP10: true, keepAlive: true)
        state.receivedEnd()
        #expect(state.writingResponseHead(hasContentLength: false) == .frameAsHTTP10(keepAlive: false))
        #expect(state.writingResponseEnd() == .closeAfterWrite)

        state.receivedHead(isHTTP10: false, keepAlive: true)
        state.receivedEnd()
        #expect(state.parseErrorCaught() == .respondAfterCurrentResponses)
        #expect(state.writingResponseHead(hasContentLength: true) == .passThrough)
        #expect(state.writingResponseEnd() == .writeParseErrorThenClose)

        var reading = HTTP1ExchangeStateMachine()
        reading.receivedHead(isHTTP10: false, keepAlive: true)
        #expect(reading.parseErrorCaught() == .propagate)
        var idle = HTTP1ExchangeStateMachine()
        #expect(idle.parseErrorCaught() == .respondAndClose)
    }
}
