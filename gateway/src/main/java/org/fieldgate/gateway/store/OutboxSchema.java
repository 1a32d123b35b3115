package org.fieldgate.gateway.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outbox's on-disk format: its tables, the migrations of older stores (done on open), the
 * checks that a file is a readable store, the stable lane codes, and the seq and id counters kept in
 * {@code meta}.
 */
final class OutboxSchema {

    // logs as the store does, so a log configuration that names the store keeps working
    private static final Logger log = LoggerFactory.getLogger(SqliteOutboxStore.class);

    static final int SCHEMA_VERSION = 3;
    /**
     * Page size of new stores. Every commit writes each page it touched to the WAL, so small pages
     * write fewer bytes per one-second commit (docs/storage.md, "Disk writes"); stores made with
     * another page size keep theirs.
     */
    static final int NEW_PAGE_SIZE = 512;

    private OutboxSchema() {
    }

    /** Stable on-disk codes: do not reorder. */
    static int laneCode(Lane lane) {
        return switch (lane) {
            case ALERT -> 0;
            case TELEMETRY -> 1;
        };
    }

    /** The lane of an on-disk code ({@link #laneCode}). */
    static Lane lane(int code) {
        return code == 0 ? Lane.ALERT : Lane.TELEMETRY;
    }

    /** {@code PRAGMA quick_check}: throws {@link SqliteErrors.Damage} unless it says ok. */
    static void quickCheck(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA quick_check(5)")) {
            StringBuilder out = new StringBuilder();
            while (rs.next()) {
                if (out.length() > 0) {
                    out.append("; ");
                }
                out.append(rs.getString(1));
            }
            if (!"ok".contentEquals(out)) {
                throw new SqliteErrors.Damage("quick_check: " + out);
            }
        }
    }

    /**
     * Creates the tables a new store needs, brings an older store up to {@link #SCHEMA_VERSION}, and
     * checks that the columns this code reads are there; refuses a store of a newer schema.
     */
    static void create(Connection c, Path file) throws SQLException {
        boolean fresh;
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM sqlite_master")) {
            fresh = rs.next() && rs.getLong(1) == 0;
        }
        if (fresh) {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA page_size")) {
                // set at connect (writeConnection), before WAL mode fixed it: no VACUUM needed. No
                // auto_vacuum: its pointer-map pages cost a page write in most commits; housekeeping
                // VACUUMs instead once a drained backlog left the file mostly free
                if (rs.next() && rs.getLong(1) != NEW_PAGE_SIZE) {
                    log.warn("outbox {}: new store has {}-byte pages, not {}", file, rs.getLong(1), NEW_PAGE_SIZE);
                }
            }
        }
        StoreWriter.inTransaction(c, () -> {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value INTEGER)");
                // ids are never reused (see lastId); stores before schema 3 have AUTOINCREMENT as well
                s.execute("CREATE TABLE IF NOT EXISTS outbox(id INTEGER PRIMARY KEY,"
                        + " seq INTEGER NOT NULL, lane INTEGER NOT NULL, topic TEXT NOT NULL,"
                        + " retained INTEGER NOT NULL, payload BLOB NOT NULL, created_at INTEGER NOT NULL)");
                // alerts only: a telemetry commit then writes no index page (schema 2 indexed both lanes)
                s.execute("DROP INDEX IF EXISTS outbox_lane_id");
                s.execute("CREATE INDEX IF NOT EXISTS outbox_alerts ON outbox(id) WHERE lane = 0");
                s.execute("CREATE TABLE IF NOT EXISTS evictions(id INTEGER PRIMARY KEY, first_seq INTEGER NOT NULL,"
                        + " last_seq INTEGER NOT NULL, count INTEGER NOT NULL, at INTEGER NOT NULL)");
                s.execute("CREATE TABLE IF NOT EXISTS dead_letters(id INTEGER PRIMARY KEY, outbox_id INTEGER NOT NULL,"
                        + " seq INTEGER NOT NULL, lane INTEGER NOT NULL, topic TEXT NOT NULL,"
                        + " retained INTEGER NOT NULL, payload BLOB NOT NULL, created_at INTEGER NOT NULL,"
                        + " reason TEXT NOT NULL, attempts INTEGER NOT NULL, at INTEGER NOT NULL)");
                DeadLetters.createTable(s);
                // fragments of messages still being assembled (schema 3; older stores gain it on open)
                s.execute("CREATE TABLE IF NOT EXISTS staged(id INTEGER PRIMARY KEY, stream TEXT NOT NULL,"
                        + " data BLOB NOT NULL)");
                // one row per rule that has published an alarm (older stores gain it on open)
                s.execute("CREATE TABLE IF NOT EXISTS alarm_state(rule TEXT PRIMARY KEY, level TEXT,"
                        + " severity INTEGER NOT NULL, since INTEGER NOT NULL, seq INTEGER NOT NULL,"
                        + " payload BLOB NOT NULL, acknowledged_by TEXT, acknowledged_at INTEGER NOT NULL DEFAULT 0)");
                s.execute("INSERT OR IGNORE INTO meta(key, value) VALUES ('schema', " + SCHEMA_VERSION + ")");
                s.execute("INSERT OR IGNORE INTO meta(key, value) VALUES ('last_seq', 0)");
                boolean autoIncrement;
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_sequence'")) {
                    autoIncrement = rs.next() && rs.getLong(1) > 0;
                }
                s.execute("INSERT OR IGNORE INTO meta(key, value) VALUES ('last_id', max("
                        + (autoIncrement ? "coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'outbox'), 0)" : "0")
                        + ", coalesce((SELECT max(id) FROM outbox), 0)))");
                // running totals, for stats()
                s.execute("INSERT OR IGNORE INTO meta(key, value) VALUES ('rows', (SELECT count(*) FROM outbox))");
                s.execute("INSERT OR IGNORE INTO meta(key, value)"
                        + " VALUES ('bytes', (SELECT coalesce(sum(length(payload)), 0) FROM outbox))");
                s.execute("INSERT OR IGNORE INTO meta(key, value) VALUES ('dead', 0)");
                s.execute("INSERT OR IGNORE INTO meta(key, value) VALUES ('evicted', 0)");
            }
            long version;
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT value FROM meta WHERE key = 'schema'")) {
                version = rs.next() ? rs.getLong(1) : 0;
            }
            if (version > SCHEMA_VERSION) {
                throw new SqliteErrors.NewerSchema("outbox " + file + ": schema version " + version
                        + " was written by a newer fieldgate (this one knows " + SCHEMA_VERSION + ")");
            }
            if (version < SCHEMA_VERSION) {
                try (Statement s = c.createStatement()) {
                    s.executeUpdate("UPDATE meta SET value = " + SCHEMA_VERSION + " WHERE key = 'schema'");
                }
            }
            // the columns this code reads must all be there and readable
            try (Statement s = c.createStatement()) {
                s.executeQuery("SELECT id, seq, lane, topic, retained, payload, created_at FROM outbox LIMIT 0").close();
            } catch (SQLException e) {
                throw new SqliteErrors.Damage("outbox schema unreadable: " + e.getMessage());
            }
            readLastSeq(c);
            return null;
        });
    }

    /**
     * The highest outbox id ever given: ids are never reused, even after the newest rows were
     * deleted (the uplink's cursor is an id). Kept in meta rather than by AUTOINCREMENT, whose
     * {@code sqlite_sequence} row would cost one more page write per commit; rows inserted by other
     * means (salvage, a requeued dead letter) are covered by max(id).
     */
    static long lastId(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT max(coalesce("
                + "(SELECT value FROM meta WHERE key = 'last_id'), 0), coalesce((SELECT max(id) FROM outbox), 0))")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static long readLastSeq(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT value FROM meta WHERE key = 'last_seq'")) {
            if (!rs.next()) {
                throw new SqliteErrors.Damage("meta.last_seq is missing");
            }
            return rs.getLong(1);
        }
    }
}
