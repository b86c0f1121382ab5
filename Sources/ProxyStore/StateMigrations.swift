import GRDB

/// The versioned schema of the state database. Each feature registers its own migrations in its own file
/// (`LedgerSchema`, `ResponseStoreSchema`); identifiers are never renamed and never edited once released,
/// only new ones appended, so every older file moves forward.
public enum StateMigrations {
    public static func migrator() -> DatabaseMigrator {
        var migrator = DatabaseMigrator()
        StateMetadataSchema.register(in: &migrator)
        LedgerSchema.register(in: &migrator)
        ResponseStoreSchema.register(in: &migrator)
        return migrator
    }
}
