@testable import ConfigWriter
import Foundation
import SMTPSettings
import XCTest

final class ConfigStateTests: XCTestCase {
    func testLayoutDetection() throws {
        let cases: [(String, SchemaChoice, SkipFlagLayout, LayoutBasis)] = [
            ("[user]\ntmp_admin = \"a@b.c\"\n", .auto, .current, .file),
            ("user.skip_verification = true\n", .auto, .current, .file),
            ("user = { skip_verification = false }\n", .auto, .current, .file),
            ("skip_user_verification = false\n", .auto, .legacy, .file),
            ("tmp_admin = \"a@b.c\"\n", .auto, .legacy, .file),
            ("user_expiration_period = \"1 year\"\n", .auto, .legacy, .file),
            ("[user]\n", .legacy, .legacy, .schemaOption),
            ("skip_user_verification = true\n", .current, .current, .schemaOption),
        ]
        for (config, schema, layout, basis) in cases {
            let state = try ConfigFixture(self, config: config).load(schema: schema)
            XCTAssertEqual(state.layout, layout, config)
            XCTAssertEqual(state.layoutBasis, basis, config)
            XCTAssertEqual(state.layoutWasDetected, basis == .file, config)
            XCTAssertTrue(state.layoutIsKnown, config)
        }
    }

    /// Nothing in the file and no deployment: the layout is unknown, not silently legacy (SPEC §1 step 3).
    func testLayoutWithoutSignalIsUnknown() throws {
        let state = try ConfigFixture(self, config: "domain = \"d\"\n").load()
        XCTAssertEqual(state.layoutBasis, .unknown)
        XCTAssertFalse(state.layoutIsKnown)
        XCTAssertFalse(state.layoutWasDetected)
        XCTAssertNil(state.skipVerification)
        XCTAssertEqual(
            state.layoutReason,
            "unknown: neither the file nor the deployment shows the server version; choose --schema legacy (server before 0.7, the layout the server's SMTP settings page shows) or --schema current (server 0.7 and later)")
        XCTAssertEqual(state.warnings, [SettingsWarning(
            code: .NO_SMTP_NO_SKIP, message: "The file has neither an [smtp] section nor a skip flag: the server will not start.")])
    }

    func testReadsSettingsAndSkipFlag() throws {
        let state = try ConfigFixture(self, config: """
            skip_user_verification = false
            [smtp]
            user = "you@example.org"
            endpoint = "smtp://localhost:2500"
            secret = "${SMTP_SECRET}"
            starttls = true
            """).load()
        XCTAssertEqual(state.smtp, SMTPSettings(user: "you@example.org", endpoint: "smtp://localhost:2500", secret: .variable("SMTP_SECRET"), starttls: true))
        XCTAssertEqual(state.skipVerification, false)
        XCTAssertEqual(state.warnings.map(\.code), [.STARTTLS_IGNORED])
        let empty = try ConfigFixture(self, config: nil).load()
        XCTAssertFalse(empty.configExists)
        XCTAssertNil(empty.smtp)
        XCTAssertNil(empty.skipVerification)
        XCTAssertEqual(empty.warnings.map(\.code), [.NO_SMTP_NO_SKIP])
    }

    func testSecretResolutionEnvironmentWinsOverDotenv() throws {
        let fixture = try ConfigFixture(
            self, config: "[smtp]\nuser = \"u@example.org\"\nendpoint = \"h.example.org\"\nsecret = \"${SMTP_SECRET}\"\n",
            env: "SMTP_SECRET=\"from dotenv\"\nOTHER=x\n")
        XCTAssertEqual(try fixture.load().resolveSecret(), .resolved(variable: "SMTP_SECRET", value: "from dotenv", from: .dotenv))
        XCTAssertEqual(
            try fixture.load(environment: ["SMTP_SECRET": "from env"]).resolveSecret(),
            .resolved(variable: "SMTP_SECRET", value: "from env", from: .environment))
        XCTAssertEqual(try fixture.load().resolve("a${OTHER}b${MISSING}"), "axb${MISSING}")
        try fixture.write(".env", "# nothing\n")
        XCTAssertEqual(try fixture.load().resolveSecret(), .unresolved(variable: "SMTP_SECRET"))
        try fixture.write("config.toml", "[smtp]\nuser = \"u\"\nendpoint = \"h\"\nsecret = \"pre-${OTHER}\"\n")
        try fixture.write(".env", "OTHER=x\n")
        XCTAssertEqual(try fixture.load().resolveSecret(), .inline("pre-x"))
    }

    func testInvalidTOMLIsNeverEdited() throws {
        let input = "[smtp]\nuser = \"a@b.c\"\nendpoint = \n"
        let fixture = try ConfigFixture(self, config: input)
        XCTAssertThrowsError(try fixture.load()) { error in
            guard case .configSyntax(let path, let line, _, _)? = error as? ConfigWriterError else { return XCTFail("\(error)") }
            XCTAssertEqual(path, fixture.configPath)
            XCTAssertEqual(line, 3)
            XCTAssertEqual((error as? ConfigWriterError)?.kind, .badData)
            XCTAssertTrue("\(error)".hasPrefix("\(fixture.configPath): line 3, column "), "\(error)")
        }
        XCTAssertEqual(try fixture.read("config.toml"), input)
    }

    /// A bad escape inside an inline secret is located, but the rest of the secret is not quoted in the message.
    func testSyntaxErrorInSecretDoesNotQuoteIt() throws {
        let fixture = try ConfigFixture(self, config: "[smtp]\nsecret = \"pa\\ssw0rdXYZ\"\n")
        XCTAssertThrowsError(try fixture.load()) {
            XCTAssertEqual("\($0)", "\(fixture.configPath): line 2, column 13: invalid escape sequence `\\s`. The file is not valid TOML 1.0 and was not changed.")
        }
    }

    /// A secret written without quotes is a malformed bare value: the message describes it but never shows it.
    func testUnquotedSecretIsNotQuotedInTheMessage() throws {
        for value in ["1hunter2XYZ", "2024-01-0hunterXYZ", "99999999999999999999999"] {
            let fixture = try ConfigFixture(self, config: "[smtp]\nsecret = \(value)\n")
            XCTAssertThrowsError(try fixture.load()) {
                XCTAssertTrue("\($0)".hasPrefix("\(fixture.configPath): line 2, column "), "\($0)")
                XCTAssertFalse("\($0)".contains(value), "\($0)")
                XCTAssertFalse("\($0)".contains("hunter"), "\($0)")
            }
        }
    }

    func testBadEnvFileIsReported() throws {
        let fixture = try ConfigFixture(self, config: "", env: "GOOD=1\nthis is not env\n")
        XCTAssertThrowsError(try fixture.load()) {
            XCTAssertEqual($0 as? ConfigWriterError, .envSyntax(path: fixture.envPath, line: 2, reason: "expected NAME=value"))
        }
    }

    func testUnreadableConfigIsAReadError() throws {
        let fixture = try ConfigFixture(self, config: nil)
        try FileManager.default.createDirectory(atPath: fixture.configPath, withIntermediateDirectories: true)
        XCTAssertThrowsError(try fixture.load()) {
            XCTAssertEqual($0 as? ConfigWriterError, .cannotRead(path: fixture.configPath, reason: "it is a directory"))
        }
    }

    func testBadValuesAreRefusedBeforeAnythingIsWritten() throws {
        let input = "[smtp]\nuser = \"a@example.org\"\nendpoint = \"h.example.org\"\n"
        let fixture = try ConfigFixture(self, config: input)
        let state = try fixture.load()
        let cases: [(ConfigChange, ConfigWriterError)] = [
            (.smtp("", "h.example.org"), .invalidValue(.loginEmpty)),
            (.smtp("a@example.org", "h.example.org:587"), .invalidValue(.endpointRelayWithPort("h.example.org:587", host: "h.example.org", port: "587"))),
            (.smtp("a@example.org", "smtps://h.example.org"), .invalidValue(.endpointSMTPSNotWritable("smtps://h.example.org", host: "h.example.org", port: nil))),
            (.smtp("a@example.org", "h.example.org", secret: .variable("1BAD")), .invalidValue(.variableNameInvalid("1BAD"))),
            (.smtp("a@example.org", "h.example.org", secret: .dotenv(name: "S", value: "a\rb")), .secretUnwritableCharacter(variable: "S", character: "carriage return")),
            (.smtp("a@example.org", "h.example.org", secret: .dotenv(name: "S", value: "a\0b")), .secretUnwritableCharacter(variable: "S", character: "NUL character")),
            (.smtp("a@example.org", "h.example.org", secret: .inline("")), .secretEmpty),
        ]
        for (change, expected) in cases {
            XCTAssertThrowsError(try state.plan(change), "\(change)") { XCTAssertEqual($0 as? ConfigWriterError, expected) }
        }
        XCTAssertEqual(try fixture.read("config.toml"), input)
        XCTAssertEqual(try fixture.listing(), ["config.toml"])
        let notTable = try ConfigFixture(self, config: "smtp = \"oops\"\n")
        XCTAssertThrowsError(try notTable.load().plan(.smtp("a@example.org", "h.example.org"))) {
            XCTAssertEqual($0 as? ConfigWriterError, .notATable(path: notTable.configPath, key: "smtp"))
        }
    }

    func testDotenvPlanWritesBothFilesWithMaskedDiff() throws {
        let secret = "s3cr3t \"quoted\" $dollar"
        let fixture = try ConfigFixture(
            self, config: "[smtp]\nuser = \"a@example.org\"\nendpoint = \"h.example.org\"\nsecret = \"old-inline-secret\"\n",
            env: "BOMNIPOTENT_DB_PW=database-password\nSMTP_SECRET=previous-secret\n")
        let plan = try fixture.load().plan(.smtp("a@example.org", "h.example.org", secret: .dotenv(name: "SMTP_SECRET", value: secret)))
        let diff = plan.diff()
        XCTAssertEqual(diff, """
            --- a\(fixture.configPath)
            +++ b\(fixture.configPath)
            @@ -1,4 +1,4 @@
             [smtp]
             user = "a@example.org"
             endpoint = "h.example.org"
            -secret = "***"
            +secret = "${SMTP_SECRET}"
            --- a\(fixture.envPath)
            +++ b\(fixture.envPath)
            @@ -1,2 +1,2 @@
             BOMNIPOTENT_DB_PW=***
            -SMTP_SECRET=***
            +SMTP_SECRET=***

            """)
        for hidden in ["old-inline-secret", "database-password", "previous-secret", "s3cr3t", "dollar"] {
            XCTAssertFalse(diff.contains(hidden), hidden)
        }
        let result = try plan.write(backup: true)
        XCTAssertEqual(result.writtenFiles, [fixture.configPath, fixture.envPath])
        XCTAssertEqual(result.backupFiles.count, 2)
        XCTAssertEqual(try fixture.read(".env"), "BOMNIPOTENT_DB_PW=database-password\nSMTP_SECRET=\"s3cr3t \\\"quoted\\\" \\$dollar\"\n")
        XCTAssertEqual(try fixture.load().resolveSecret(), .resolved(variable: "SMTP_SECRET", value: secret, from: .dotenv))
        XCTAssertEqual(plan.warnings.map(\.code), [.BACKUP_HOLDS_SECRET, .SECRET_BREAKS_TOML])
    }

    func testInlineSecretIsMaskedAndWarned() throws {
        let fixture = try ConfigFixture(self, config: nil)
        let plan = try fixture.load().plan(.smtp("a@example.org", "h.example.org", secret: .inline("inline-pass")))
        XCTAssertEqual(plan.diff(), """
            --- /dev/null
            +++ b\(fixture.configPath)
            @@ -0,0 +1,4 @@
            +[smtp]
            +user = "a@example.org"
            +endpoint = "h.example.org"
            +secret = "***"

            """)
        XCTAssertEqual(plan.warnings.map(\.code), [.INLINE_SECRET])
        // The new text was read back against the edited document's tree (no tree of its own): that tree
        // knows where the secret's value is in the new bytes, and no other value's place.
        let after = try XCTUnwrap(plan.configDocuments?.after)
        XCTAssertEqual(after.valueByteRange(at: ["smtp", "secret"]).map { String(decoding: plan.configAfter[$0], as: UTF8.self) }, "\"inline-pass\"")
        XCTAssertNil(after.valueByteRange(at: ["smtp", "user"]))
        _ = try plan.write(backup: true)
        let mode = try (FileManager.default.attributesOfItem(atPath: fixture.configPath)[.posixPermissions] as? NSNumber)?.intValue
        XCTAssertEqual(mode, 0o600)
    }

    /// Moving an inline secret out of config.toml warns that the backup still holds it; keeping it inline does not.
    func testMovingAnInlineSecretOutWarnsAboutTheBackup() throws {
        let fixture = try ConfigFixture(self, config: "[smtp]\nuser = \"a@example.org\"\nendpoint = \"h.example.org\"\nsecret = \"old-pass\"\n")
        let moved = try fixture.load().plan(.smtp("a@example.org", "h.example.org", secret: .dotenv(name: "SMTP_SECRET", value: "new")))
        XCTAssertEqual(moved.warnings.map(\.code), [.BACKUP_HOLDS_SECRET])
        XCTAssertFalse(moved.warnings.contains { $0.message.contains("old-pass") })
        let kept = try fixture.load().plan(.smtp("a@example.org", "h.example.org", secret: .keep))
        XCTAssertFalse(kept.warnings.map(\.code).contains(.BACKUP_HOLDS_SECRET))
        let removed = try fixture.load().plan(.smtp("a@example.org", "h.example.org", secret: .remove))
        XCTAssertTrue(removed.warnings.map(\.code).contains(.BACKUP_HOLDS_SECRET))
    }

    func testNewEnvFileIsPrivateAndReadableOneIsWarned() throws {
        let fixture = try ConfigFixture(self, config: "")
        let plan = try fixture.load().plan(.smtp("a@example.org", "h.example.org", secret: .dotenv(name: "SMTP_SECRET", value: "v")))
        XCTAssertEqual(plan.warnings.map(\.code), [])
        _ = try plan.write(backup: false)
        let mode = try (FileManager.default.attributesOfItem(atPath: fixture.envPath)[.posixPermissions] as? NSNumber)?.intValue
        XCTAssertEqual(mode, 0o600)
        XCTAssertEqual(try fixture.listing(), [".env", "config.toml"])
        XCTAssertEqual(chmod(fixture.envPath, 0o644), 0)
        let second = try fixture.load().plan(.smtp("a@example.org", "h.example.org", secret: .dotenv(name: "SMTP_SECRET", value: "w")))
        XCTAssertEqual(second.warnings, [SettingsWarning(
            code: .ENV_FILE_READABLE,
            message: "\(fixture.envPath) is readable by group or others (mode 644): run chmod 600 \(fixture.envPath).")])
        _ = try second.write(backup: false)
        let kept = try (FileManager.default.attributesOfItem(atPath: fixture.envPath)[.posixPermissions] as? NSNumber)?.intValue
        XCTAssertEqual(kept, 0o644)
    }

    /// The `.env` a `${VAR}` secret comes from is checked even when this change does not write it.
    func testReadableEnvFileIsWarnedWhenTheSecretComesFromIt() throws {
        let fixture = try ConfigFixture(self, config: "[smtp]\nuser = \"a@example.org\"\nendpoint = \"h.example.org\"\n", env: "SMTP_SECRET=\"v\"\n")
        XCTAssertEqual(chmod(fixture.envPath, 0o640), 0)
        let readable = SettingsWarning(
            code: .ENV_FILE_READABLE,
            message: "\(fixture.envPath) is readable by group or others (mode 640): run chmod 600 \(fixture.envPath).")
        let change = ConfigChange.smtp("a@example.org", "h.example.org", secret: .variable("SMTP_SECRET"))
        XCTAssertEqual(try fixture.load().plan(change).warnings, [readable])
        try fixture.apply(change)
        XCTAssertEqual(try fixture.load().plan(.smtp("b@example.org", "h.example.org", secret: .keep)).warnings, [readable])
        XCTAssertEqual(try fixture.load().secretStorageWarnings, [readable])
        XCTAssertEqual(try fixture.load(environment: ["SMTP_SECRET": "w"]).plan(change).warnings, [], "the environment wins over .env")
        XCTAssertEqual(try fixture.load().plan(.smtp("a@example.org", "h.example.org", secret: .remove)).warnings, [])
    }

    /// A line before the secret that dotenvy refuses means the server stops reading `.env` before it.
    func testEnvLineDotenvyRefusesIsWarned() throws {
        let fixture = try ConfigFixture(
            self, config: "[smtp]\nuser = \"a@example.org\"\nendpoint = \"h.example.org\"\nsecret = \"${SMTP_SECRET}\"\n",
            env: "DB_PASSWORD=two words\nSMTP_SECRET=\"old\"\n")
        let expected = SettingsWarning(
            code: .ENV_NOT_DOTENVY,
            message: "\(fixture.envPath) line 1 has a space in a value outside quotes, which dotenvy refuses (put the value in double quotes); the server's .env reader stops or misreads there, so it may not get SMTP_SECRET as shown here.")
        XCTAssertEqual(try fixture.load().secretStorageWarnings, [expected])
        let plan = try fixture.load().plan(.smtp("a@example.org", "h.example.org", secret: .dotenv(name: "SMTP_SECRET", value: "new")))
        XCTAssertEqual(plan.warnings, [expected])
        try fixture.write(".env", "SMTP_SECRET=\"old\"\nDB_PASSWORD=two words\n", mode: 0o600)
        XCTAssertEqual(try fixture.load().secretStorageWarnings, [])
    }

    /// SPEC §2: the environment wins over `.env`, so writing a value the environment shadows is warned about.
    func testDotenvValueShadowedByTheEnvironmentIsWarned() throws {
        let fixture = try ConfigFixture(self, config: "")
        let change = ConfigChange.smtp("a@example.org", "h.example.org", secret: .dotenv(name: "SMTP_SECRET", value: "new"))
        XCTAssertEqual(try fixture.load(environment: ["SMTP_SECRET": "old"]).plan(change).warnings, [SettingsWarning(
            code: .ENV_OVERRIDES_DOTENV,
            message: "SMTP_SECRET is also set in this environment, with another value: the server takes the environment's value over .env, so wherever it runs with SMTP_SECRET set, the value written to \(fixture.envPath) is not used.")])
        XCTAssertEqual(try fixture.load(environment: ["SMTP_SECRET": "new"]).plan(change).warnings, [])
        XCTAssertEqual(try fixture.load().plan(change).warnings, [])
    }

    func testEnvFileInGitWorkTree() throws {
        let fixture = try ConfigFixture(self, config: "")
        let git = Process()
        git.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        git.arguments = ["git", "init", "-q", fixture.directory]
        try git.run()
        git.waitUntilExit()
        try XCTSkipUnless(git.terminationStatus == 0, "git is not installed")
        let change = ConfigChange.smtp("a@example.org", "h.example.org", secret: .dotenv(name: "SMTP_SECRET", value: "v"))
        XCTAssertEqual(try fixture.load().plan(change).warnings.map(\.code), [.ENV_NOT_IGNORED])
        try fixture.write(".gitignore", ".env\n")
        XCTAssertEqual(try fixture.load().plan(change).warnings.map(\.code), [])
    }

    func testExternalChangeBetweenPlanAndWrite() throws {
        let fixture = try ConfigFixture(self, config: "[smtp]\nuser = \"a@example.org\"\nendpoint = \"h.example.org\"\n")
        let plan = try fixture.load().plan(.smtp("b@example.org", "h.example.org", secret: .keep))
        try fixture.write("config.toml", "# edited by hand\n[smtp]\nuser = \"a@example.org\"\nendpoint = \"h.example.org\"\n")
        XCTAssertThrowsError(try plan.write(backup: true)) {
            XCTAssertEqual($0 as? ConfigWriterError, .changedOnDisk(path: fixture.configPath))
        }
        XCTAssertEqual(try fixture.read("config.toml"), "# edited by hand\n[smtp]\nuser = \"a@example.org\"\nendpoint = \"h.example.org\"\n")
        XCTAssertEqual(try fixture.listing(), ["config.toml"])
    }

    func testFailingEnvWriteRollsConfigBack() throws {
        let input = "[smtp]\nuser = \"a@example.org\"\nendpoint = \"h.example.org\"\n"
        let fixture = try ConfigFixture(self, config: input, env: "A=1\n")
        var plan = try fixture.load().plan(.smtp("b@example.org", "h.example.org", secret: .dotenv(name: "SMTP_SECRET", value: "v")))
        plan.safeWriter.faultInjection = { path, step throws(ConfigWriterError) in
            if path == fixture.envPath, step == .beforeRename { throw .cannotWrite(path: path, reason: "disk full") }
        }
        XCTAssertThrowsError(try plan.write(backup: true)) {
            XCTAssertEqual($0 as? ConfigWriterError, .cannotWrite(path: fixture.envPath, reason: "disk full"))
        }
        XCTAssertEqual(try fixture.read("config.toml"), input)
        XCTAssertEqual(try fixture.read(".env"), "A=1\n")
        XCTAssertEqual(try fixture.listing(), [".env", "config.toml"])
    }

    func testProviderNotesAndReadableConfigWithInlineSecret() throws {
        let fixture = try ConfigFixture(self, config: "domain = \"d\"\n")
        let gmail = try fixture.load().plan(.smtp("you@gmail.com", "smtp.gmail.com", starttls: true, secret: .inline("app-password")))
        XCTAssertEqual(gmail.notes, [
            "Gmail is known to use SMTPS on port 465 (starttls = false); run probe to check",
            "Gmail: Needs an app password when 2-step verification is on; STARTTLS on port 587 also works (checked \(KnownProvider.notesLastChecked))",
        ])
        XCTAssertEqual(gmail.warnings, [
            SettingsWarning(
                code: .INLINE_SECRET,
                message: "The secret is written into config.toml itself: prefer secret = \"${SMTP_SECRET}\" with the value in the environment or .env."),
            SettingsWarning(
                code: .CONFIG_READABLE,
                message: "\(fixture.configPath) holds the secret and is readable by group or others (mode 644): run chmod 600 \(fixture.configPath)."),
        ])
        let other = try fixture.load().plan(.smtp("you@web.de", "mail.example.org"))
        XCTAssertEqual(other.notes, ["the known endpoint for web.de is smtp.web.de; run probe to check mail.example.org"])
    }

    func testOwnOutputIsCheckedBeforeWriting() throws {
        let fixture = try ConfigFixture(self, config: "[smtp]\nuser = \"a@example.org\"\nendpoint = \"h.example.org\"\n", env: "A=1\n")
        var planner = ChangePlanner(state: try fixture.load())
        planner.expectedRoot = planner.expectedRoot.setting(.string("b@example.org"), at: ["smtp", "user"])
        let edited = planner.document.valueTree
        XCTAssertThrowsError(try planner.verifyConfig(Array("[smtp]\nuser = \"a@example.org\"\nendpoint = \"h.example.org\"\n".utf8), edited: edited)) {
            XCTAssertEqual($0 as? ConfigWriterError, .verificationFailed(path: fixture.configPath, reason: "the values read back differ from the intended ones"))
        }
        XCTAssertThrowsError(try planner.verifyConfig(Array("[smtp\n".utf8), edited: edited)) {
            XCTAssertEqual(($0 as? ConfigWriterError)?.kind, .cannotWrite)
        }
        // Bytes that do not read back against the edited tree are parsed in full: right values pass, wrong fail.
        // (expectedRoot holds the one key set above.)
        let intended = "[smtp]\nuser = \"b@example.org\"\n"
        XCTAssertNil(edited.readBack(Array(intended.utf8), rangesOfKeysNamed: []))
        XCTAssertEqual(try planner.verifyConfig(Array(intended.utf8), edited: edited).value(at: ["smtp", "user"]), .string("b@example.org"))
        XCTAssertThrowsError(try planner.verifyConfig(Array((intended + "other = 1\n").utf8), edited: edited)) {
            XCTAssertEqual($0 as? ConfigWriterError, .verificationFailed(path: fixture.configPath, reason: "the values read back differ from the intended ones"))
        }
        planner.env.set("other", for: "S")
        XCTAssertThrowsError(try planner.verifyEnv((name: "S", value: "intended"))) {
            XCTAssertEqual($0 as? ConfigWriterError, .verificationFailed(path: fixture.envPath, reason: "S does not read back as the value given"))
        }
    }

    func testTrailingBackslashInDotenvValueIsWarned() throws {
        let fixture = try ConfigFixture(self, config: "")
        let plan = try fixture.load().plan(.smtp("a@example.org", "h.example.org", secret: .dotenv(name: "SMTP_SECRET", value: "ends\\")))
        XCTAssertEqual(plan.warnings.map(\.code), [.SECRET_BREAKS_TOML, .ENV_TRAILING_BACKSLASH])
        _ = try plan.write(backup: false)
        XCTAssertEqual(try fixture.read(".env"), "SMTP_SECRET=\"ends\\\\\"\n")
        XCTAssertEqual(try fixture.load().resolveSecret(), .resolved(variable: "SMTP_SECRET", value: "ends\\", from: .dotenv))
    }

    func testSecretMaskCoversEveryForm() {
        let cases = [
            ("[smtp]\nsecret = \"pw\" # comment\n", ["[smtp]", "secret = \"***\" # comment"]),
            ("  smtp.secret='p'\n", ["  smtp.secret=\"***\""]),
            ("[smtp]\n\"secret\" = \"x\\\"y\"\n", ["[smtp]", "\"secret\" = \"***\""]),
            ("smtp = { user = \"u\", secret = \"pw\", starttls = true }\n", ["smtp = { user = \"u\", secret = \"***\", starttls = true }"]),
            ("[smtp]\nsecret = \"${SMTP_SECRET}\"\n", ["[smtp]", "secret = \"${SMTP_SECRET}\""]),
            ("[smtp]\nmy_secret = \"visible\"\nuser = \"pw\"\n", ["[smtp]", "my_secret = \"visible\"", "user = \"pw\""]),
            ("[smtp]\r\nsecret = 'ab'\r\n", ["[smtp]", "secret = \"***\""]),
            ("[smtp]\nsecret = \"\"\"\nline one\nline two\"\"\" # note\nuser = \"u\"\n",
             ["[smtp]", "secret = \"***\"", "***", "*** # note", "user = \"u\""]),
            ("[smtp]\nsecret = \"\"\"x\"\"\"\n", ["[smtp]", "secret = \"***\""]),
            ("[smtp]\nsecret = '''\nq\n'''\n", ["[smtp]", "secret = \"***\"", "***", "***"]),
            ("[smtp\nsecret = \"pw\"\n", ["***", "***"]),
        ]
        for (text, expected) in cases {
            XCTAssertEqual(SecretMask.configLines(Array(text.utf8)), expected, text)
        }
    }

    /// A multi-line `"""` secret and a one-character secret are masked in the diff of a real change.
    func testDiffMasksMultilineAndShortSecrets() throws {
        let fixture = try ConfigFixture(
            self, config: "[smtp]\nuser = \"a@example.org\"\nendpoint = \"h.example.org\"\nsecret = \"\"\"\nmulti\nline\"\"\"\n")
        let plan = try fixture.load().plan(.smtp("a@example.org", "h.example.org", secret: .inline("x")))
        XCTAssertEqual(plan.diff(), """
            --- a\(fixture.configPath)
            +++ b\(fixture.configPath)
            @@ -1,6 +1,4 @@
             [smtp]
             user = "a@example.org"
             endpoint = "h.example.org"
            -secret = "***"
            -***
            -***
            +secret = "***"

            """)
    }
}
