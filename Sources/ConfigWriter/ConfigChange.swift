/// What to do with the `secret` key when configuring SMTP.
public enum SecretWrite: Sendable, Equatable {
    /// Leave the existing `secret` as it is (or absent).
    case keep
    /// Remove the `secret` line.
    case remove
    /// Write `secret = "${NAME}"`; the value lives in the environment.
    case variable(String)
    /// Write `secret = "${NAME}"` and `NAME="value"` into the `.env` file.
    case dotenv(name: String, value: String)
    /// Write the value itself into config.toml.
    case inline(String)
}

/// One edit of config.toml (and maybe `.env`).
public enum ConfigChange: Sendable, Equatable {
    /// Configure `[smtp]`; a skip flag that is true is set to false.
    case smtp(user: String, endpoint: String, starttls: Bool, secret: SecretWrite)
    /// Set the skip flag to true in the chosen layout; `[smtp]` stays untouched.
    case skipVerification
}
