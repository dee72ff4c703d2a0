import SMTPSettings

extension ChangePlan {
    /// The plan's warnings as they stand after `result`'s write: `BACKUP_HOLDS_SECRET` only when a backup of
    /// config.toml was written (then naming it), and `ENV_NOT_IGNORED` for each backup holding a secret that lies
    /// in a git work tree without being ignored (SPEC §6).
    public func warnings(after result: WriteResult) -> [SettingsWarning] {
        let configTarget = FileSystem.writeTarget(configPath)
        let configBackup = result.backupFiles.first { $0.hasPrefix(configTarget + ".bak-") }
        var adjusted: [SettingsWarning] = warnings.compactMap { warning in
            guard warning.code == Self.backupHoldsSecretCode else { return warning }
            guard let configBackup else { return nil }
            return SettingsWarning(
                code: warning.code,
                message: "config.toml held the secret inline until now: its backup \(configBackup) (mode 0600) keeps that value. Delete it once the new settings work.")
        }
        for backup in result.secretBackupFiles where EnvFileChecks.isUnignoredInGitWorkTree(backup) {
            let pattern = backup == configBackup
                ? FileSystem.fileName(of: configTarget) + ".bak-*" : FileSystem.fileName(of: FileSystem.writeTarget(envFilePath)) + "*"
            adjusted.append(SettingsWarning(
                code: .ENV_NOT_IGNORED,
                message: "\(backup) holds the secret and is inside a git work tree and not ignored: add \(pattern) to .gitignore so it is never committed."))
        }
        return adjusted
    }

    /// The code of the plan's warning about a backup that keeps an inline secret.
    static let backupHoldsSecretCode = SettingsWarning.Code.BACKUP_HOLDS_SECRET
}
