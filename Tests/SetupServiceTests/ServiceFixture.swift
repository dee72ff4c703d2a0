import ConfigWriter
import Foundation
import SetupService
import XCTest

/// The secret used in these tests; no diff, report or message may contain it.
let secretMarker = "S3CR3T-marker-7f3a\u{00E9}"

/// A temporary directory with a config.toml (and maybe a `.env`) and a service loaded on it.
struct ServiceFixture {
    let directory: String

    init(_ test: XCTestCase, config: String?, env: String? = nil) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("svc-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let created = directory
        test.addTeardownBlock { try? FileManager.default.removeItem(atPath: created) }
        if let config { try write("config.toml", config) }
        if let env { try write(".env", env) }
    }

    var configPath: String { directory + "/config.toml" }

    func write(_ name: String, _ text: String) throws {
        XCTAssertTrue(FileManager.default.createFile(
            atPath: directory + "/" + name, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600]))
    }

    func read(_ name: String) throws -> String {
        try String(decoding: Data(contentsOf: URL(fileURLWithPath: directory + "/" + name)), as: UTF8.self)
    }

    func service(environment: [String: String] = [:]) throws -> SetupService {
        try SetupService.load(SetupOptions(configPath: configPath, environment: environment))
    }
}
