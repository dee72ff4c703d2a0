@testable import ConfigWriter
import Foundation
import XCTest

/// A temporary directory with a config.toml (and maybe a .env) for one test.
struct ConfigFixture {
    let directory: String

    init(_ test: XCTestCase, config: String?, env: String? = nil) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("cw-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let created = directory
        test.addTeardownBlock { try? FileManager.default.removeItem(atPath: created) }
        if let config { try write("config.toml", config) }
        if let env { try write(".env", env, mode: 0o600) }
    }

    var configPath: String { directory + "/config.toml" }
    var envPath: String { directory + "/.env" }

    func write(_ name: String, _ text: String, mode: Int = 0o644) throws {
        XCTAssertTrue(FileManager.default.createFile(
            atPath: directory + "/" + name, contents: Data(text.utf8), attributes: [.posixPermissions: mode]))
    }

    func read(_ name: String) throws -> String {
        try String(decoding: Data(contentsOf: URL(fileURLWithPath: directory + "/" + name)), as: UTF8.self)
    }

    func listing() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
    }

    func load(schema: SchemaChoice = .auto, environment: [String: String] = [:]) throws -> ConfigState {
        try ConfigState.load(configPath: configPath, schema: schema, environment: environment)
    }

    /// Plans `change`, writes it without backup, and returns the plan.
    @discardableResult
    func apply(_ change: ConfigChange, schema: SchemaChoice = .auto, environment: [String: String] = [:]) throws -> ChangePlan {
        let plan = try load(schema: schema, environment: environment).plan(change)
        _ = try plan.write(backup: false)
        return plan
    }
}

extension ConfigChange {
    /// `[smtp]` with a `${SMTP_SECRET}` reference.
    static func smtp(_ user: String, _ endpoint: String, starttls: Bool = false, secret: SecretWrite = .variable("SMTP_SECRET")) -> ConfigChange {
        .smtp(user: user, endpoint: endpoint, starttls: starttls, secret: secret)
    }
}
