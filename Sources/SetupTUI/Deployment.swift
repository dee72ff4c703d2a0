/// Where the server runs, which decides what the administrator does after writing (SPEC §8 step 8).
public enum Deployment: Sendable, Equatable {
    /// The server runs directly on this machine and reads config.toml and `.env` from their paths.
    case standalone

    /// The lines of the Done screen's next step: how the server picks up the change, then the test mail.
    func nextSteps(secretChanged: Bool, address: String?, verifiesByMail: Bool) -> [String] {
        var lines: [String]
        switch self {
        case .standalone:
            if secretChanged {
                lines = ["Restart the server: it reads the secret's variable only when it starts (config.toml itself reloads by itself)."]
            } else {
                lines = ["Nothing to restart: the server reloads config.toml by itself."]
            }
        }
        if verifiesByMail {
            lines.append("Then check that it can send mail (bomnipotent_client 1.1.0 or later):")
            lines.append("bomnipotent_client test-email \(address ?? "<address>")")
        }
        return lines
    }
}
