internal import GRDB

extension SQLiteStore {
    /// The migrations of ``Migration/all`` that have SQL for SQLite, by the same names as on PostgreSQL.
    static var migrator: DatabaseMigrator {
        var m = DatabaseMigrator()
        for migration in Migration.all {
            let sql = migration.sql(.sqlite)
            guard !sql.isEmpty else { continue }
            m.registerMigration(migration.name) { db in try db.execute(sql: sql) }
        }
        return m
    }
}
