import Foundation
import SMTPSettings

extension ProbeReport {
    /// The report as the JSON object of SPEC §7.
    public func jsonObject() -> JSONValue {
        var auth: [(String, JSONValue)] = [
            ("offered", .array(authOffered.map(JSONValue.string))), ("used", .optional(authUsed)),
        ]
        if extensionsAfterSTARTTLS != nil {
            auth.append(("offered_before_starttls", .array(Self.mechanisms(in: extensionsBeforeSTARTTLS).map(JSONValue.string))))
        }
        var members: [(String, JSONValue)] = [
            ("endpoint", .string(endpoint)), ("host", .string(plan.host)), ("port", .number(Double(plan.port))),
            ("security", .string(plan.security.rawValue)), ("what_if", .bool(plan.whatIf)),
            ("stages", .array(stages.map(Self.stageJSON))),
            ("tls", tls.map(Self.tlsJSON) ?? .null),
            ("extensions", .array(extensions.map(JSONValue.string))),
        ]
        if extensionsAfterSTARTTLS != nil {
            members.append(("extensions_before_starttls", .array(extensionsBeforeSTARTTLS.map(JSONValue.string))))
        }
        members += [
            ("auth", .object(auth)),
            ("secret", Self.secretJSON(secret)),
            ("warnings", .array(warnings.map { .object([("code", .string($0.code.rawValue)), ("message", .string($0.message))]) })),
            ("diagnosis", .object([
                ("code", .string(diagnosis.code.rawValue)), ("message", .string(diagnosis.message)),
                ("hint", .optional(diagnosis.hint)), ("stage", .optional(diagnosis.stage?.rawValue)),
                ("settings_field", .optional(diagnosis.code.settingsField?.rawValue)),
            ])),
            ("ok", .bool(ok)),
        ]
        return .object(members)
    }

    /// The JSON object as text.
    public func jsonText() -> String { jsonObject().text }

    /// AUTH mechanisms named by `AUTH …` or `AUTH=…` lines of an EHLO reply.
    static func mechanisms(in extensions: [String]) -> [String] {
        var result: [String] = []
        for line in extensions {
            let upper = line.uppercased()
            guard upper.hasPrefix("AUTH ") || upper.hasPrefix("AUTH=") else { continue }
            for word in upper.dropFirst(5).split(separator: " ") where !result.contains(String(word)) {
                result.append(String(word))
            }
        }
        return result
    }

    private static func stageJSON(_ stage: StageResult) -> JSONValue {
        .object([
            ("id", .string(stage.id.rawValue)), ("status", .string(stage.status.rawValue)),
            ("ms", .number(ReportFormat.milliseconds(stage.milliseconds))),
            ("reply", stage.reply.map(Self.replyJSON) ?? .null),
            ("detail", .string(stage.detail)),
        ])
    }

    /// `{"code": 553, "enhanced": "5.7.1", "lines": […]}`: every line without its code or repeated enhanced code.
    static func replyJSON(_ reply: SMTPReply) -> JSONValue {
        .object([
            ("code", .number(Double(reply.code))), ("enhanced", .optional(reply.enhancedStatus)),
            ("lines", .array(reply.messageLines.map(JSONValue.string))),
        ])
    }

    /// `{"source": "env", "variable": "SMTP_SECRET", "resolved_from": "dotenv"}` (SPEC §2), never the value.
    static func secretJSON(_ secret: SecretProvenance) -> JSONValue {
        .object([
            ("source", .string(secret.source.rawValue)), ("variable", .optional(secret.variable)),
            ("resolved_from", .optional(secret.resolvedFrom?.rawValue)),
        ])
    }

    private static func tlsJSON(_ tls: TLSReport) -> JSONValue {
        .object([
            ("version", .optional(tls.version)), ("cipher", .optional(tls.cipher)), ("subject", .optional(tls.subject)),
            ("san", .array(tls.subjectAlternativeNames.map(JSONValue.string))), ("issuer", .optional(tls.issuer)),
            ("not_before", .optional(tls.notBefore.map(ReportFormat.date))),
            ("not_after", .optional(tls.notAfter.map(ReportFormat.date))),
            ("verified", .bool(tls.verified)), ("trusted_via_ca_file", .bool(tls.trustedViaCAFile)),
            ("error", .optional(tls.error)),
        ])
    }
}
