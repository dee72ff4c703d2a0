import Foundation

/// The short message `--send-test-to` sends.
struct TestMessage {
    /// The subject of every test message.
    static let subject = "BOMnipotent SMTP test"

    var from: String
    var to: String
    var ehloName: String
    var date = Date()
    var id = UUID().uuidString.lowercased()

    /// The message in RFC 5322 form, dot-stuffed, ending with the CRLF.CRLF terminator.
    var wireText: String {
        let domain = from.split(separator: "@").last.map(String.init) ?? ehloName
        let lines = [
            "From: <\(from)>", "To: <\(to)>", "Subject: \(Self.subject)", "Date: \(ReportFormat.mailDate(date))",
            "Message-ID: <\(id)@\(domain)>", "MIME-Version: 1.0", "Content-Type: text/plain; charset=utf-8", "",
            "This is a test message from bomnipotent-smtp probe.",
            "If you can read it, BOMnipotent Server can send mail with these SMTP settings.",
        ]
        return lines.map { $0.hasPrefix(".") ? "." + $0 : $0 }.joined(separator: "\r\n") + "\r\n.\r\n"
    }
}
