import SMTPSettings

/// The checks behind "validation blocks Next": each returns the text shown beside the field, or `nil`.
enum WizardValidation {
    /// The login, checked as SMTPSettings checks it: not empty, no control characters; an address needs a domain.
    static func user(_ text: String) -> String? {
        do {
            try Login.validate(text)
            return nil
        } catch {
            return "✗ \(error.description)"
        }
    }

    /// The endpoint, as the server parses it; a relay service's `REGION` placeholder must be filled in.
    static func endpoint(_ text: String) -> String? {
        if text.contains("REGION") {
            return "✗ Replace REGION with the service's region, e.g. email-smtp.eu-central-1.amazonaws.com."
        }
        do {
            _ = try Endpoint(parsing: text)
            return nil
        } catch {
            return "✗ \(error.description)"
        }
    }

    /// A TCP port.
    static func port(_ text: String) -> String? {
        guard let value = Int(text), text.allSatisfy(\.isASCII), (1...65535).contains(value) else {
            return "✗ \"\(text)\" is not a port number from 1 to 65535."
        }
        return nil
    }

    /// A variable name.
    static func variableName(_ text: String) -> String? {
        VariableReference.isValidName(text)
            ? nil : "✗ \"\(text)\" is not a variable name: use letters, digits and _, not starting with a digit."
    }

    /// A secret value to store.
    static func secretValue(_ text: String, keepingExisting: Bool) -> String? {
        if text.isEmpty { return keepingExisting ? nil : "✗ Enter the secret (password or API key)." }
        if text.unicodeScalars.contains(where: { $0.value == 0x0D || $0.value == 0 }) {
            return "✗ The secret contains a carriage return or NUL character, which cannot be stored."
        }
        return nil
    }

    /// A recipient address for the test message.
    static func recipient(_ text: String) -> String? {
        guard let at = text.lastIndex(of: "@"), at != text.startIndex,
            HostName.isValid(String(text[text.index(after: at)...])),
            !text.contains(where: { $0.isWhitespace })
        else { return "✗ Not a mail address: enter one such as you@example.org." }
        return nil
    }
}
