import ConfigWriter

extension SetupService {
    /// Runs `body` as the only run changing the files of `configPath` (SPEC §6): the config directory's lock is
    /// taken before anything is read and held until config.toml and `.env` are both in place; a second run waits
    /// up to 10 s, then fails with "changed on disk" (exit 75) naming the other process. An interrupted earlier
    /// write is rolled back and leftover temporary files are removed first.
    public static func exclusively(configPath: String, _ body: () throws(SetupError) -> Void) throws(SetupError) {
        var bodyError: SetupError?
        do {
            try ConfigLock.withExclusiveAccess(configPath: configPath) { () throws(ConfigWriterError) in
                do throws(SetupError) {
                    try body()
                } catch {
                    bodyError = error
                }
            }
        } catch {
            throw .files(error)
        }
        if let bodyError { throw bodyError }
    }
}
