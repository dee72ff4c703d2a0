import NIOCore
import NIOEmbedded
import XCTest

@testable import SMTPProbe

final class ServerHelloReaderTests: XCTestCase {
    /// A TLS 1.2 ServerHello record: 32-byte session id, cipher suite 0xC02F, no compression.
    private let serverHello: [UInt8] = [0x16, 0x03, 0x03, 0x00, 0x4A, 0x02, 0x00, 0x00, 0x46, 0x03, 0x03]
        + Array(repeating: 0xAB, count: 32) + [0x20] + Array(repeating: 0xCD, count: 32) + [0xC0, 0x2F, 0x00]

    private func makeChannel() throws -> (EmbeddedChannel, ServerHelloReader) {
        let reader = ServerHelloReader()
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.addHandler(reader)
        return (channel, reader)
    }

    func testCipherSuiteFromAServerHelloFedOneByteAtATime() throws {
        let (channel, reader) = try makeChannel()
        var passedOn: [UInt8] = []
        for byte in serverHello {
            try channel.writeInbound(ByteBuffer(bytes: [byte]))
            if let buffer = try channel.readInbound(as: ByteBuffer.self) { passedOn += buffer.readableBytesView }
        }
        XCTAssertEqual(reader.cipherSuite, 0xC02F)
        XCTAssertEqual(passedOn, serverHello, "every byte reaches the TLS handler unchanged")
        XCTAssertEqual(CipherSuiteName.of(0xC02F), "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256")
    }

    func testPlainSMTPHasNoCipherSuite() throws {
        let (channel, reader) = try makeChannel()
        try channel.writeInbound(ByteBuffer(string: "220 mail.example.org ESMTP ready, and some more text to be long\r\n"))
        XCTAssertNil(reader.cipherSuite)
    }

    func testNames() {
        XCTAssertEqual(CipherSuiteName.of(0x1301), "TLS_AES_128_GCM_SHA256")
        XCTAssertEqual(CipherSuiteName.of(0xC0FF), "0xc0ff")
    }
}
