import NIOCore
import NIOEmbedded
import XCTest

@testable import SMTPProbe

final class CodecTests: XCTestCase {
    private func makeChannel() throws -> EmbeddedChannel {
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(SMTPLineDecoder()))
        try channel.pipeline.syncOperations.addHandler(SMTPReplyDecoder())
        return channel
    }

    private func feed(_ channel: EmbeddedChannel, _ text: String) throws {
        try channel.writeInbound(ByteBuffer(string: text))
    }

    private func replies(_ channel: EmbeddedChannel) throws -> [SMTPReply] {
        var result: [SMTPReply] = []
        while let reply = try channel.readInbound(as: SMTPReply.self) { result.append(reply) }
        return result
    }

    func testSingleLineReply() throws {
        let channel = try makeChannel()
        try feed(channel, "220 mail.example.org ESMTP ready\r\n")
        XCTAssertEqual(try replies(channel), [SMTPReply(code: 220, lines: ["mail.example.org ESMTP ready"])])
    }

    func testMultiLineReply() throws {
        let channel = try makeChannel()
        try feed(channel, "250-mail.example.org\r\n250-PIPELINING\r\n250-AUTH PLAIN LOGIN\r\n250 STARTTLS\r\n")
        XCTAssertEqual(
            try replies(channel),
            [SMTPReply(code: 250, lines: ["mail.example.org", "PIPELINING", "AUTH PLAIN LOGIN", "STARTTLS"])])
    }

    func testBytesFedOneAtATime() throws {
        let channel = try makeChannel()
        let text = "250-first\r\n250 second\r\n221 bye\n354\r\n"
        for byte in text.utf8 {
            var buffer = channel.allocator.buffer(capacity: 1)
            buffer.writeInteger(byte)
            try channel.writeInbound(buffer)
        }
        XCTAssertEqual(try replies(channel), [
            SMTPReply(code: 250, lines: ["first", "second"]), SMTPReply(code: 221, lines: ["bye"]),
            SMTPReply(code: 354, lines: [""]),
        ])
    }

    func testNoReplyBeforeTheLastLine() throws {
        let channel = try makeChannel()
        try feed(channel, "250-first\r\n250-second\r\n")
        XCTAssertEqual(try replies(channel), [])
        try feed(channel, "250 third\r\n")
        XCTAssertEqual(try replies(channel), [SMTPReply(code: 250, lines: ["first", "second", "third"])])
    }

    func testLineOfExactly512BytesIsAccepted() throws {
        let channel = try makeChannel()
        let line = "250 " + String(repeating: "a", count: 508)
        try feed(channel, line + "\r\n")
        XCTAssertEqual(try replies(channel).first?.lines.first?.count, 508)
    }

    func testOversizedLineIsAProtocolError() throws {
        let channel = try makeChannel()
        XCTAssertThrowsError(try feed(channel, "250 " + String(repeating: "a", count: 509) + "\r\n")) { error in
            XCTAssertEqual(error as? SMTPProtocolError, .lineTooLong(limit: 512))
        }
    }

    func testEndlessLineFailsWithoutALineEnd() throws {
        let channel = try makeChannel()
        try feed(channel, "220 ")
        XCTAssertThrowsError(try feed(channel, String(repeating: "x", count: 600))) { error in
            XCTAssertEqual(error as? SMTPProtocolError, .lineTooLong(limit: 512))
        }
    }

    func testOversizedReplyIsAProtocolError() throws {
        let channel = try makeChannel()
        let line = "250-" + String(repeating: "y", count: 96) + "\r\n"
        XCTAssertThrowsError(try feed(channel, String(repeating: line, count: 700) + "250 end\r\n")) { error in
            XCTAssertEqual(error as? SMTPProtocolError, .replyTooLong(limit: 65536))
        }
    }

    func testMalformedLine() throws {
        let channel = try makeChannel()
        XCTAssertThrowsError(try feed(channel, "HTTP/1.1 400 Bad Request\r\n")) { error in
            XCTAssertEqual(error as? SMTPProtocolError, .malformedLine("HTTP/1.1 400 Bad Request"))
        }
    }

    func testMixedCodesInAMultiLineReply() throws {
        let channel = try makeChannel()
        XCTAssertThrowsError(try feed(channel, "250-one\r\n251 two\r\n")) { error in
            XCTAssertEqual(error as? SMTPProtocolError, .inconsistentCode(expected: 250, got: 251))
        }
    }

    func testServerClosingMidReply() throws {
        let channel = try makeChannel()
        let recorder = ErrorRecorder()
        try channel.pipeline.syncOperations.addHandler(recorder)
        try feed(channel, "250-first line\r\n")
        channel.pipeline.fireChannelInactive()
        XCTAssertEqual(recorder.errors, [.closedMidReply])
        XCTAssertEqual(try replies(channel), [])
    }

    func testServerClosingMidLine() throws {
        let channel = try makeChannel()
        try feed(channel, "250 half a li")
        XCTAssertThrowsError(try channel.finish()) { error in
            XCTAssertEqual(error as? SMTPProtocolError, .closedMidReply)
        }
    }

    func testUnrequestedRepliesAreBoundedToo() throws {
        let channel = try makeChannel()
        let handler = ReplyHandler()
        try channel.pipeline.syncOperations.addHandler(handler)
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 25)).wait()
        try feed(channel, String(repeating: "250 ok\r\n", count: 1000))
        XCTAssertTrue(channel.isActive, "8 KB of replies nobody asked for yet are kept")
        try feed(channel, String(repeating: "250 ok\r\n", count: 8000))
        XCTAssertFalse(channel.isActive, "a flood of more than 64 KiB closes the connection")
        let promise = channel.eventLoop.makePromise(of: SMTPReply.self)
        handler.nextReply(promise)
        XCTAssertEqual(try promise.futureResult.wait(), SMTPReply(code: 250, lines: ["ok"]))
    }

    func testEnhancedStatus() {
        XCTAssertEqual(SMTPReply(code: 530, lines: ["5.7.0 Authentication required"]).enhancedStatus, "5.7.0")
        XCTAssertNil(SMTPReply(code: 250, lines: ["OK"]).enhancedStatus)
    }

    func testMechanismsFromEHLO() {
        XCTAssertEqual(ProbeReport.mechanisms(in: ["PIPELINING", "AUTH LOGIN PLAIN", "AUTH=LOGIN", "8BITMIME"]), ["LOGIN", "PLAIN"])
        XCTAssertEqual(ProbeReport.mechanisms(in: ["AUTH "]), [])
    }
}

/// Records the protocol errors that reach the end of the pipeline.
private final class ErrorRecorder: ChannelInboundHandler {
    typealias InboundIn = SMTPReply
    var errors: [SMTPProtocolError] = []

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        if let error = error as? SMTPProtocolError { errors.append(error) }
    }
}

extension CodecTests {
    /// The replies the probe's decoders make of `wire`.
    static func decodeReplies(_ wire: String) throws -> [SMTPReply] {
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(SMTPLineDecoder()))
        try channel.pipeline.syncOperations.addHandler(SMTPReplyDecoder())
        try channel.writeInbound(ByteBuffer(string: wire))
        var result: [SMTPReply] = []
        while let reply = try channel.readInbound(as: SMTPReply.self) { result.append(reply) }
        return result
    }

    func testMultiLineReplyKeepsEveryLineWithoutTheRepeatedEnhancedCode() throws {
        let reply = try XCTUnwrap(Self.decodeReplies(
            "554-5.7.1 <localhost[127.0.0.1]>: Client host rejected: Access denied\r\n554 5.7.1 For help, write to postmaster@probe.test.\r\n"
        ).first)
        XCTAssertEqual(reply.enhancedStatus, "5.7.1")
        XCTAssertEqual(reply.messageLines, [
            "<localhost[127.0.0.1]>: Client host rejected: Access denied", "For help, write to postmaster@probe.test.",
        ])
        XCTAssertEqual(
            reply.text, "554 5.7.1 <localhost[127.0.0.1]>: Client host rejected: Access denied | For help, write to postmaster@probe.test.")
        XCTAssertEqual(
            ProbeReport.replyJSON(reply).text,
            "{\"code\": 554, \"enhanced\": \"5.7.1\", \"lines\": [\"<localhost[127.0.0.1]>: Client host rejected: Access denied\", \"For help, write to postmaster@probe.test.\"]}")
    }

    func testReplyWithoutEnhancedCode() throws {
        let reply = try XCTUnwrap(Self.decodeReplies("554 Message rejected: Email address is not verified.\r\n").first)
        XCTAssertNil(reply.enhancedStatus)
        XCTAssertEqual(reply.text, "554 Message rejected: Email address is not verified.")
        XCTAssertEqual(
            ProbeReport.replyJSON(reply).text,
            "{\"code\": 554, \"enhanced\": null, \"lines\": [\"Message rejected: Email address is not verified.\"]}")
        XCTAssertNil(SMTPReply(code: 250, lines: ["1.2.3 not a status class"]).enhancedStatus)
    }
}
