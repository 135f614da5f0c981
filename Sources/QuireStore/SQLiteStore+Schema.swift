internal import GRDB

extension SQLiteStore {
    /// The migrations of ``Migration/all`` that have SQL for SQLite, by the same names as on PostgreSQL.
    static var migrator: DatabaseMigrator {
        var m = DatabaseMigrator()
        for (name, sql) in Migration.rendered(.sqlite) {
            m.registerMigration(name) { db in try db.execute(sql: sql) }
        }
        return m
    }
}
