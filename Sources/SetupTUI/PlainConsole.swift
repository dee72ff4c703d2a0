import ConfigWriter
import Foundation

/// The lines the plain prompts write and read: questions on standard error, answers from standard input, the
/// diff on standard output. Tests script it.
public protocol PlainConsole: Sendable {
    /// Writes a line of text for the administrator.
    func say(_ line: String)
    /// Writes a question without ending the line.
    func ask(_ question: String)
    /// Reads an answer line without its line break; `nil` at the end of input.
    func readAnswer() -> String?
    /// Writes `question` and reads the answer line without echoing it (secrets); `nil` at the end of input. Echo
    /// is off before the question appears, so an answer typed as soon as it shows is never echoed.
    func askSecret(_ question: String) -> String?
    /// Writes the diff (standard output).
    func output(_ text: String)
}

/// The process's own standard streams; a secret is read with echo off when standard input is a terminal.
public struct StandardConsole: PlainConsole {
    /// The standard streams.
    public init() {}

    public func say(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    public func ask(_ question: String) {
        FileHandle.standardError.write(Data(question.utf8))
    }

    public func readAnswer() -> String? {
        guard let line = readLine(strippingNewline: true) else { return nil }
        return line.hasSuffix("\r") ? String(line.dropLast()) : line
    }

    public func askSecret(_ question: String) -> String? {
        let answer = TerminalGuard.withoutEcho {
            ask(question)
            return readAnswer()
        }
        if isatty(0) != 0 { say("") }
        return answer
    }

    public func output(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }
}
