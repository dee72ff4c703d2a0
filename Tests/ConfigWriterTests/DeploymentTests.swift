@testable import ConfigWriter
import Foundation
import SMTPSettings
import XCTest

/// A compose project in a temporary directory: compose.yaml beside `.env` and `bomnipotent_config/`.
private struct ComposeFixture {
    let root: String
    var configDirectory: String { root + "/bomnipotent_config" }
    var configPath: String { configDirectory + "/config.toml" }

    init(_ test: XCTestCase, compose: String?, projectEnv: String? = nil, composeName: String = "compose.yaml") throws {
        let made = FileManager.default.temporaryDirectory.appendingPathComponent("dep-\(UUID().uuidString)").path
        root = URL(fileURLWithPath: made).resolvingSymlinksInPath().path
        try FileManager.default.createDirectory(atPath: root + "/bomnipotent_config", withIntermediateDirectories: true)
        let created = root
        test.addTeardownBlock { try? FileManager.default.removeItem(atPath: created) }
        try write("bomnipotent_config/config.toml", "[smtp]\nuser = \"me@example.org\"\nendpoint = \"smtp.example.org\"\n")
        if let compose { try write(composeName, compose) }
        if let projectEnv { try write(".env", projectEnv) }
    }

    func write(_ name: String, _ text: String) throws {
        XCTAssertTrue(FileManager.default.createFile(atPath: root + "/" + name, contents: Data(text.utf8)))
    }

    func detect(_ choice: Deployment.Choice = .auto, environment: [String: String] = [:]) throws -> Deployment {
        try Deployment.detect(configPath: configPath, choice: choice, environment: environment)
    }

    func compose(_ choice: Deployment.Choice = .auto, environment: [String: String] = [:]) throws -> ComposeDeployment {
        let deployment = try detect(choice, environment: environment)
        guard let compose = deployment.compose else {
            XCTFail("no compose deployment: \(deployment)")
            throw CocoaError(.fileReadUnknown)
        }
        return compose
    }

    func envFileValues(_ path: String) -> [String: String] {
        (try? Deployment.readEnvValues(path, environment: [:])) ?? nil ?? [:]
    }
}

/// The compose file of the server's Docker Compose page, reduced to the server service and its database.
private let documentedCompose = """
    services:
      bomnipotent_db:
        image: postgres:17
        environment:
          POSTGRES_PASSWORD: ${BOMNIPOTENT_DB_PW}
      bomnipotent_server:
        image: wwhsoft/bomnipotent_server:latest
        container_name: bomnipotent_server
        depends_on:
          - bomnipotent_db
        environment:
          BOMNIPOTENT_DB_PW: ${BOMNIPOTENT_DB_PW}
          SMTP_SECRET: ${SMTP_SECRET}
        volumes:
          - ./bomnipotent_config:/etc/bomnipotent_server/configs:ro
        ports:
          - 443:8443

    """

final class DeploymentTests: XCTestCase {
    func testDocumentedLayoutIsFound() throws {
        let fixture = try ComposeFixture(self, compose: documentedCompose, projectEnv: "SMTP_SECRET=marker-secret-value\n")
        let compose = try fixture.compose()
        XCTAssertEqual(compose.project.path, fixture.root + "/compose.yaml")
        XCTAssertEqual(compose.service.name, "bomnipotent_server")
        XCTAssertEqual(compose.image?.tag, "latest")
        XCTAssertEqual(compose.image?.layout, .current)
        XCTAssertEqual(compose.configBind?.isDirectory, true)
        XCTAssertEqual(compose.configBind?.mount.readOnly, true)
        XCTAssertEqual(compose.configBind?.mount.target, "/etc/bomnipotent_server/configs")
        XCTAssertEqual(compose.defaultEnvFilePath, fixture.root + "/.env")
        XCTAssertTrue(compose.containerSeesConfigDotenv)
        guard case .environment(let entry) = compose.passing(of: "SMTP_SECRET", envFileValues: fixture.envFileValues) else {
            return XCTFail("SMTP_SECRET not passed")
        }
        XCTAssertEqual(entry.value, "${SMTP_SECRET}")
        XCTAssertEqual(entry.line, 13)
        XCTAssertEqual(compose.containerEnvironmentValue(of: "SMTP_SECRET", envFileValues: fixture.envFileValues), "marker-secret-value")
    }

    func testTheShellWinsOverTheProjectDotenvForInterpolation() throws {
        let fixture = try ComposeFixture(self, compose: documentedCompose, projectEnv: "SMTP_SECRET=from-file\n")
        let compose = try fixture.compose(environment: ["SMTP_SECRET": "from-shell"])
        XCTAssertEqual(compose.containerEnvironmentValue(of: "SMTP_SECRET", envFileValues: fixture.envFileValues), "from-shell")
    }

    func testAVariableTheServiceDoesNotReceiveIsNotPassed() throws {
        let fixture = try ComposeFixture(self, compose: documentedCompose)
        let compose = try fixture.compose()
        XCTAssertEqual(compose.passing(of: "MAIL_KEY", envFileValues: fixture.envFileValues), .notPassed)
        XCTAssertNil(compose.containerEnvironmentValue(of: "MAIL_KEY", envFileValues: fixture.envFileValues))
        let addition = compose.lineToAdd(for: "MAIL_KEY")
        XCTAssertEqual(addition.line, "MAIL_KEY: ${MAIL_KEY}")
        XCTAssertEqual(addition.under, "services › bomnipotent_server › environment")
    }

    func testAnEnvironmentEntryWhoseVariableIsUnsetPassesAnEmptyString() throws {
        let fixture = try ComposeFixture(self, compose: documentedCompose)
        let compose = try fixture.compose()
        XCTAssertTrue(compose.passesEmpty("SMTP_SECRET"))
        XCTAssertEqual(compose.containerEnvironmentValue(of: "SMTP_SECRET", envFileValues: fixture.envFileValues), "")
    }

    func testEnvFileAndListFormEnvironment() throws {
        let fixture = try ComposeFixture(self, compose: """
            services:
              server:
                image: docker.io/wwhsoft/bomnipotent_server:0.7.2
                env_file:
                  - ./secrets.env
                  - path: ./optional.env
                    required: false
                environment:
                  - RUST_LOG=info
                  - PASSED_THROUGH
                volumes:
                  - type: bind
                    source: ./bomnipotent_config
                    target: /etc/bomnipotent_server/configs
                    read_only: true

            """, projectEnv: "PASSED_THROUGH=from-project-env\n")
        try fixture.write("secrets.env", "SMTP_SECRET=\"in env_file\"\n")
        let compose = try fixture.compose()
        XCTAssertEqual(compose.image?.layout, .current)
        XCTAssertEqual(compose.configBind?.mount.readOnly, true)
        XCTAssertEqual(compose.service.envFiles.map(\.path), [fixture.root + "/secrets.env", fixture.root + "/optional.env"])
        XCTAssertEqual(compose.service.envFiles.map(\.required), [true, false])
        XCTAssertEqual(compose.passing(of: "SMTP_SECRET", envFileValues: fixture.envFileValues),
                       .envFile(ComposeEnvFile(path: fixture.root + "/secrets.env", required: true)))
        XCTAssertEqual(compose.containerEnvironmentValue(of: "SMTP_SECRET", envFileValues: fixture.envFileValues), "in env_file")
        XCTAssertEqual(compose.containerEnvironmentValue(of: "PASSED_THROUGH", envFileValues: fixture.envFileValues), "from-project-env")
        XCTAssertEqual(compose.lineToAdd(for: "X").line, "- X=${X}")
    }

    func testSingleFileBind() throws {
        let fixture = try ComposeFixture(self, compose: """
            services:
              bomnipotent_server:
                image: wwhsoft/bomnipotent_server
                volumes:
                  - ./bomnipotent_config/config.toml:/etc/bomnipotent_server/configs/config.toml:ro

            """)
        let compose = try fixture.compose()
        XCTAssertEqual(compose.configBind?.isDirectory, false)
        XCTAssertFalse(compose.containerSeesConfigDotenv)
        XCTAssertTrue(compose.image?.isNewest ?? false)
        let step = DeploymentNextStep(deployment: .compose(compose), configChanged: true, envFilePath: nil)
        XCTAssertEqual(step, .composeRecreate(service: "bomnipotent_server", directory: fixture.root))
        XCTAssertEqual(step.command, "cd \(fixture.root) && docker compose up -d --force-recreate bomnipotent_server")
    }

    func testImageTagsDecideTheLayout() {
        let cases: [(String, SkipFlagLayout?)] = [
            ("wwhsoft/bomnipotent_server:0.6.3", .legacy),
            ("wwhsoft/bomnipotent_server:v0.6", .legacy),
            ("wwhsoft/bomnipotent_server:0.7.0", .current),
            ("wwhsoft/bomnipotent_server:1.0.2-rc1", .current),
            ("wwhsoft/bomnipotent_server:latest", .current),
            ("wwhsoft/bomnipotent_server", .current),
            ("registry.example.org:5000/wwhsoft/bomnipotent_server:0.6.9", .legacy),
            ("wwhsoft/bomnipotent_server@sha256:0123abcd", nil),
            ("wwhsoft/bomnipotent_server:nightly", nil),
        ]
        for (reference, layout) in cases {
            XCTAssertEqual(ServerImage(reference: reference)?.layout, layout, reference)
            XCTAssertNotNil(ServerImage(reference: reference), reference)
        }
        XCTAssertNil(ServerImage(reference: "postgres:17"))
        XCTAssertNil(ServerImage(reference: "wwhsoft/bomnipotent_client:1.1.0"))
    }

    func testPinnedOldImageViaInterpolatedTag() throws {
        let fixture = try ComposeFixture(self, compose: """
            services:
              bomnipotent_server:
                image: wwhsoft/bomnipotent_server:${SERVER_VERSION:-latest}
                volumes: ["./bomnipotent_config:/etc/bomnipotent_server/configs"]

            """, projectEnv: "SERVER_VERSION=0.6.2\n")
        let compose = try fixture.compose()
        XCTAssertEqual(compose.image?.reference, "wwhsoft/bomnipotent_server:0.6.2")
        XCTAssertEqual(compose.image?.layout, .legacy)
        XCTAssertEqual(compose.configBind?.mount.readOnly, false)
    }

    func testComposeServiceNamesAndLoopbackDifferInTheContainer() throws {
        let fixture = try ComposeFixture(self, compose: documentedCompose + """
              smtp_relay:
                image: boky/postfix
                networks:
                  default:
                    aliases: [mailrelay]

            """)
        let compose = try fixture.compose()
        XCTAssertEqual(compose.networkDifference(for: "smtp_relay"), .composeService("smtp_relay"))
        XCTAssertEqual(compose.networkDifference(for: "mailrelay"), .composeService("mailrelay"))
        XCTAssertEqual(compose.networkDifference(for: "bomnipotent_db"), .composeService("bomnipotent_db"))
        XCTAssertEqual(compose.networkDifference(for: "localhost"), .loopback)
        XCTAssertEqual(compose.networkDifference(for: "127.0.0.1"), .loopback)
        XCTAssertEqual(compose.networkDifference(for: "::1"), .loopback)
        XCTAssertNil(compose.networkDifference(for: "smtp.example.org"))
    }

    func testComposeFileIsFoundInTheConfigDirectoryOrItsParentByComposeNames() throws {
        let inParent = try ComposeFixture(self, compose: documentedCompose, composeName: "docker-compose.yml")
        XCTAssertEqual(try inParent.compose().project.path, inParent.root + "/docker-compose.yml")
        let inConfigDirectory = try ComposeFixture(self, compose: nil)
        try inConfigDirectory.write("bomnipotent_config/compose.yml", documentedCompose.replacingOccurrences(
            of: "./bomnipotent_config:", with: ".:"))
        let found = try inConfigDirectory.compose()
        XCTAssertEqual(found.project.path, inConfigDirectory.configDirectory + "/compose.yml")
        XCTAssertEqual(found.configBind?.isDirectory, true)
        XCTAssertEqual(found.defaultEnvFilePath, inConfigDirectory.configDirectory + "/.env")
    }

    func testNoComposeAndExplicitCompose() throws {
        let fixture = try ComposeFixture(self, compose: documentedCompose)
        XCTAssertEqual(try fixture.detect(.ignore), .standalone)
        try fixture.write("elsewhere.yaml", documentedCompose)
        XCTAssertEqual(try fixture.compose(.file(fixture.root + "/elsewhere.yaml")).project.path, fixture.root + "/elsewhere.yaml")
        XCTAssertThrowsError(try fixture.detect(.file(fixture.root + "/missing.yaml"))) { error in
            XCTAssertEqual((error as? ConfigWriterError)?.kind, .cannotRead)
        }
        let none = try ComposeFixture(self, compose: nil)
        XCTAssertEqual(try none.detect(), .standalone)
    }

    func testComposeFileWithoutTheServer() throws {
        let fixture = try ComposeFixture(self, compose: "services:\n  web:\n    image: nginx\n")
        XCTAssertEqual(try fixture.detect(), .composeWithoutServer(path: fixture.root + "/compose.yaml"))
    }

    func testAServiceThatBindsTheConfigDirectoryIsTheServerWhateverItsImage() throws {
        let fixture = try ComposeFixture(self, compose: """
            services:
              web:
                image: nginx
              backend:
                image: my-registry/bomnipotent-fork:3
                volumes: ["./bomnipotent_config:/etc/bomnipotent_server/configs:ro"]

            """)
        let compose = try fixture.compose()
        XCTAssertEqual(compose.service.name, "backend")
        XCTAssertNil(compose.image)
    }

    func testAnchorsAndMergeKeys() throws {
        let fixture = try ComposeFixture(self, compose: """
            x-common: &common
              environment:
                SMTP_SECRET: ${SMTP_SECRET}
              volumes:
                - ./bomnipotent_config:/etc/bomnipotent_server/configs:ro
            services:
              bomnipotent_server:
                <<: *common
                image: wwhsoft/bomnipotent_server:0.7.1

            """)
        let compose = try fixture.compose()
        XCTAssertEqual(compose.service.environment.map(\.name), ["SMTP_SECRET"])
        XCTAssertEqual(compose.configBind?.isDirectory, true)
    }

    func testMalformedComposeFileIsAnErrorWithItsLine() throws {
        let fixture = try ComposeFixture(self, compose: "services:\n  server:\n    image: [unclosed\n")
        XCTAssertThrowsError(try fixture.detect()) { error in
            guard case .composeSyntax(let path, let reason) = error as? ConfigWriterError else { return XCTFail("\(error)") }
            XCTAssertEqual(path, fixture.root + "/compose.yaml")
            XCTAssertTrue(reason.contains("line"), reason)
            XCTAssertEqual((error as? ConfigWriterError)?.kind, .badData)
        }
    }

    func testNextSteps() throws {
        let fixture = try ComposeFixture(self, compose: documentedCompose)
        let deployment = try fixture.detect()
        XCTAssertEqual(DeploymentNextStep(deployment: deployment, configChanged: true, envFilePath: nil), .nothing)
        XCTAssertEqual(DeploymentNextStep(deployment: deployment, configChanged: true, envFilePath: fixture.root + "/.env"),
                       .composeUp(directory: fixture.root))
        XCTAssertEqual(DeploymentNextStep(deployment: deployment, configChanged: false, envFilePath: fixture.configDirectory + "/.env"),
                       .composeRestart(service: "bomnipotent_server", directory: fixture.root))
        XCTAssertEqual(DeploymentNextStep(deployment: .standalone, configChanged: true, envFilePath: nil), .nothing)
        XCTAssertEqual(DeploymentNextStep(deployment: .standalone, configChanged: true, envFilePath: "/srv/.env"), .restartServer)
        XCTAssertEqual(
            DeploymentNextStep.composeUp(directory: "/srv/bomnipotent").explanation(testAddress: "me@example.org"),
            ["Compose passes the project .env into the container when it creates it: recreate it.",
             "  cd /srv/bomnipotent && docker compose up -d",
             "Then check delivery: bomnipotent_client test-email me@example.org   (client 1.1.0 or later)"])
    }

    func testInterpolation() {
        let values = ["A": "1", "EMPTY": ""]
        let cases: [(String, String)] = [
            ("$A", "1"), ("${A}", "1"), ("x${A}y", "x1y"), ("$$A", "$A"), ("${B:-def}", "def"), ("${EMPTY:-def}", "def"),
            ("${EMPTY-def}", ""), ("${B-def}", "def"), ("${A:+alt}", "alt"), ("${B:+alt}", ""), ("${B:-${A}}", "1"),
            ("${B}", ""), ("price $5", "price $5"), ("end$", "end$"),
        ]
        for (text, expected) in cases {
            XCTAssertEqual(ComposeInterpolation.interpolate(text) { values[$0] }, expected, text)
        }
        XCTAssertEqual(ComposeInterpolation.referencedNames(in: "${A}:${B:-x}/$C"), ["A", "B", "C"])
    }

    // MARK: the container's view in ConfigState

    private func state(_ fixture: ComposeFixture, environment: [String: String] = [:]) throws -> ConfigState {
        try ConfigState.load(
            configPath: fixture.configPath, environment: environment, deployment: fixture.detect(environment: environment))
    }

    func testSecretsResolveAsTheContainerSeesThem() throws {
        let fixture = try ComposeFixture(self, compose: documentedCompose, projectEnv: "SMTP_SECRET=from-project\n")
        try fixture.write("bomnipotent_config/.env", "SMTP_SECRET=from-config-dir\nMAIL_KEY=only-here\n")
        let loaded = try state(fixture, environment: ["MAIL_KEY": "host-shell", "OTHER": "host"])
        XCTAssertEqual(loaded.envFilePath, fixture.root + "/.env", "new variables go to the project .env")
        XCTAssertEqual(loaded.resolveVariable("SMTP_SECRET"), .resolved(variable: "SMTP_SECRET", value: "from-project", from: .environment))
        XCTAssertEqual(
            loaded.resolveVariable("MAIL_KEY"), .resolved(variable: "MAIL_KEY", value: "only-here", from: .dotenv),
            "not passed: the host shell's value never reaches the container, the bound config directory's .env does")
        XCTAssertEqual(loaded.resolveVariable("OTHER"), .unresolved(variable: "OTHER"))
        XCTAssertEqual(loaded.containerGap(of: "OTHER"), .notPassed)
        XCTAssertEqual(loaded.unresolvedSecretWarning("OTHER").code, .SECRET_NOT_PASSED)
        XCTAssertEqual(loaded.resolve("${OTHER}/${SMTP_SECRET}"), "${OTHER}/from-project")
        XCTAssertEqual(
            loaded.deploymentWarnings(for: nil, secretVariable: "SMTP_SECRET").map(\.code), [.ENV_OVERRIDES_DOTENV])
        XCTAssertEqual(loaded.deploymentWarnings(for: nil, secretVariable: "MAIL_KEY"), [])
    }

    func testWritingAVariableCountsWhereTheContainerWouldSeeIt() throws {
        let fixture = try ComposeFixture(self, compose: documentedCompose)
        let loaded = try state(fixture)
        XCTAssertEqual(loaded.containerGap(of: "SMTP_SECRET"), .passedEmpty)
        XCTAssertEqual(loaded.unresolvedSecretWarning("SMTP_SECRET").code, .SECRET_UNRESOLVED)
        XCTAssertEqual(
            loaded.resolveVariable("SMTP_SECRET", writing: "new"), .resolved(variable: "SMTP_SECRET", value: "new", from: .environment))
        XCTAssertNil(loaded.containerGap(of: "SMTP_SECRET", writing: "new"))
        XCTAssertEqual(loaded.containerGap(of: "MAIL_KEY", writing: "new"), .notPassed, "the project .env alone does not pass it")
        let shell = try state(fixture, environment: ["SMTP_SECRET": "from-shell"])
        XCTAssertEqual(
            shell.resolveVariable("SMTP_SECRET", writing: "new"), .resolved(variable: "SMTP_SECRET", value: "from-shell", from: .environment),
            "compose interpolates from the shell before the project .env")
    }

    func testImageTagDecidesTheLayoutAfterTheFile() throws {
        let fixture = try ComposeFixture(self, compose: documentedCompose.replacingOccurrences(of: ":latest", with: ":0.6.3"))
        XCTAssertEqual(try state(fixture).layout, .legacy)
        XCTAssertEqual(try state(fixture).layoutBasis, .imageTag)
        try fixture.write("bomnipotent_config/config.toml", "[user]\nskip_verification = true\n")
        let mismatched = try state(fixture)
        XCTAssertEqual(mismatched.layout, .current, "the file decides first")
        XCTAssertEqual(mismatched.layoutBasis, .file)
        XCTAssertEqual(mismatched.warnings.map(\.code), [.SKIP_FLAG_LAYOUT_MISMATCH])
        let latest = try ComposeFixture(self, compose: documentedCompose)
        try latest.write("bomnipotent_config/config.toml", "tmp_admin = \"admin@example.org\"\nuser_expiration_period = \"30 days\"\n")
        let userKeys = try state(latest).warnings.filter { $0.code != .NO_SMTP_NO_SKIP }
        XCTAssertEqual(userKeys.map(\.code), [.SKIP_FLAG_LAYOUT_MISMATCH], "tmp_admin moved with the flag in 0.7")
        XCTAssertTrue(userKeys.first?.message.hasPrefix(
            "The file has tmp_admin and user_expiration_period (the legacy layout), but ") ?? false, "\(userKeys)")
        XCTAssertTrue(userKeys.first?.message.contains(
            "which reads only [user] tmp_admin and [user] expiration_period and rejects the top-level keys as unknown: move them to [user] tmp_admin and [user] expiration_period") ?? false,
            "\(userKeys)")
        let untagged = try ComposeFixture(self, compose: documentedCompose.replacingOccurrences(of: ":latest", with: ""))
        XCTAssertEqual(try state(untagged).layout, .current)
        let digest = try ComposeFixture(self, compose: documentedCompose.replacingOccurrences(of: ":latest", with: "@sha256:abc"))
        XCTAssertEqual(try state(digest).layoutBasis, .unknown)
    }
}
