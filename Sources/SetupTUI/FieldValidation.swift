import SMTPSettings

extension WizardState {
    /// The text shown beside `item` when its value cannot be used, or `nil`. Every check is the library's own
    /// (`Login`, `Endpoint`, `PortNumber`, `VariableName`, `MailAddress`), turned into the field's typed value; both views call this.
    func validationError(for item: FocusItem) -> String? {
        do {
            switch item {
            case .user: try Login.validate(user.text)
            case .endpoint:
                if endpoint.text.contains("REGION") {
                    return "✗ Replace REGION with the service's region, e.g. email-smtp.eu-central-1.amazonaws.com."
                }
                _ = try Endpoint(parsing: endpoint.text)
            case .port:
                guard security.isURL else { return nil }
                try PortNumber.validate(port.text)
            case .secretName:
                guard secretChoice.hasName else { return nil }
                try VariableName.validate(secretName.text)
            case .secretValue:
                guard secretChoice.hasValue, secretValue.text.isEmpty, !keepsInlineSecret else { return nil }
                return "✗ Enter the secret (password or API key)."
            case .testRecipient:
                try MailAddress.validate(testRecipient.text)
            case .startActions, .layout, .layoutQuestion, .relayService, .security, .autoDetect, .secretChoice, .buttons:
                return nil
            }
            return nil
        } catch {
            return "✗ \(error.description)"
        }
    }

    /// Checks every field of the current step; records the errors and focuses the first bad field.
    /// Returns whether all are valid.
    mutating func validateStep() -> Bool {
        let items = focusItems
        var first: Int?
        for (index, item) in items.enumerated() {
            if let error = validationError(for: item) {
                errors[item] = error
                first = first ?? index
            }
        }
        if let first { focusIndex = first }
        return first == nil
    }
}
