package org.fieldgate.gateway.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;

/**
 * The outbox in one SQLite file in WAL mode (LIBRARY-NOTES A.4).
 *
 * <p>All writes run on one writer thread that owns the only writing connection, each in a
 * {@code BEGIN IMMEDIATE} transaction, so there is never a read-to-write upgrade and never a
 * second writer. {@link #append} and {@link #delete} hand their work to that thread and wait for the
 * commit. Reads ({@link #page}, {@link #stats}) borrow a reading connection from a small pool: a
 * connection is used by one thread at a time and never shared concurrently.
 */
public final class SqliteOutboxStore implements OutboxStore {

    private static final Logger log = LoggerFactory.getLogger(SqliteOutboxStore.class);

    static final int SCHEMA_VERSION = 1;
    private static final int BUSY_TIMEOUT_MS = 10_000;
    /** After a checkpoint the WAL is cut back to this size, so it cannot stay large. */
    private static final int JOURNAL_SIZE_LIMIT = 8 * 1024 * 1024;
    private static final long CHECKPOINT_EVERY_S = 300;

    private final Path file;
    private final Clock clock;
    private final ScheduledThreadPoolExecutor writer;
    private final ConcurrentLinkedDeque<Connection> idleReaders = new ConcurrentLinkedDeque<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Touched only on the writer thread. */
    private Connection writeConnection;

    private SqliteOutboxStore(Path file, Clock clock) {
        this.file = file;
        this.clock = clock;
        this.writer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "outbox-writer");
            t.setDaemon(true);
            return t;
        });
        writer.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        writer.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
    }

    /**
     * Opens (creating it and its parent folders when missing) the outbox at {@code file}.
     *
     * @throws StoreException naming the file when it cannot be created or opened, is not a SQLite
     *                        database, or was made by a newer schema
     */
    public static SqliteOutboxStore open(Path file, Clock clock) throws StoreException {
        Path abs = file.toAbsolutePath();
        try {
            Path parent = abs.getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (IOException e) {
            throw new StoreException("outbox " + abs + ": cannot create its folder: " + e, e);
        }
        SqliteOutboxStore store = new SqliteOutboxStore(abs, clock);
        try {
            store.onWriter("open", c -> null); // the first task opens the writing connection
            store.giveBack(store.borrowReader("open"), true); // and a reader must work too
        } catch (StoreException | SQLException e) {
            store.close();
            if (e instanceof StoreException se) {
                throw se;
            }
            throw store.failure("open", (SQLException) e);
        }
        store.writer.scheduleWithFixedDelay(store::checkpoint, CHECKPOINT_EVERY_S, CHECKPOINT_EVERY_S,
                TimeUnit.SECONDS);
        log.info("outbox {} open, last seq {}", abs, store.stats().lastSeq());
        return store;
    }

    /** The database file. */
    public Path file() {
        return file;
    }

    @Override
    public long append(Lane lane, SeqPayloads payloads) throws StoreException {
        return onWriter("append", c -> inTransaction(c, () -> {
            long seq = readLastSeq(c) + 1;
            List<OutgoingMessage> messages = payloads.forSeq(seq);
            if (messages == null || messages.isEmpty()) {
                throw new IllegalArgumentException("no messages for seq " + seq);
            }
            long now = clock.millis();
            try (PreparedStatement insert = c.prepareStatement(
                    "INSERT INTO outbox(seq, lane, topic, retained, payload, created_at) VALUES (?,?,?,?,?,?)")) {
                for (OutgoingMessage m : messages) {
                    insert.setLong(1, seq);
                    insert.setInt(2, laneCode(lane));
                    insert.setString(3, m.topic());
                    insert.setInt(4, m.retained() ? 1 : 0);
                    insert.setBytes(5, m.payload());
                    insert.setLong(6, now);
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            long bytes = 0;
            for (OutgoingMessage m : messages) {
                bytes += m.payload().length;
            }
            try (PreparedStatement update = c.prepareStatement("UPDATE meta SET value = CASE key"
                    + " WHEN 'last_seq' THEN ? WHEN 'rows' THEN value + ? WHEN 'bytes' THEN value + ? END"
                    + " WHERE key IN ('last_seq', 'rows', 'bytes')")) {
                update.setLong(1, seq);
                update.setLong(2, messages.size());
                update.setLong(3, bytes);
                update.executeUpdate();
            }
            return seq;
        }));
    }

    @Override
    public List<StoredMessage> page(Lane lane, long afterId, int limit) throws StoreException {
        if (limit <= 0) {
            return List.of();
        }
        return onReader("page", c -> {
            try (PreparedStatement q = c.prepareStatement(
                    "SELECT id, seq, topic, retained, payload, created_at FROM outbox"
                            + " WHERE lane = ? AND id > ? ORDER BY id LIMIT ?")) {
                q.setInt(1, laneCode(lane));
                q.setLong(2, afterId);
                q.setInt(3, limit);
                List<StoredMessage> rows = new ArrayList<>(Math.min(limit, 256));
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        rows.add(new StoredMessage(rs.getLong(1), rs.getLong(2), lane, rs.getString(3),
                                rs.getInt(4) != 0, rs.getBytes(5), rs.getLong(6)));
                    }
                }
                return rows;
            }
        });
    }

    @Override
    public void delete(long id) throws StoreException {
        onWriter("delete", c -> inTransaction(c, () -> {
            long bytes;
            try (PreparedStatement q = c.prepareStatement("SELECT length(payload) FROM outbox WHERE id = ?")) {
                q.setLong(1, id);
                try (ResultSet rs = q.executeQuery()) {
                    if (!rs.next()) {
                        return null; // already gone
                    }
                    bytes = rs.getLong(1);
                }
            }
            try (PreparedStatement d = c.prepareStatement("DELETE FROM outbox WHERE id = ?")) {
                d.setLong(1, id);
                d.executeUpdate();
            }
            try (PreparedStatement update = c.prepareStatement("UPDATE meta SET value = value - CASE key"
                    + " WHEN 'rows' THEN 1 ELSE ? END WHERE key IN ('rows', 'bytes')")) {
                update.setLong(1, bytes);
                update.executeUpdate();
            }
            return null;
        }));
    }

    @Override
    public BacklogStats stats() throws StoreException {
        // Counts come from totals kept in meta by the same transactions that change the rows: a
        // count(*)/sum() would read the whole table, up to the 2 GB budget, every health minute.
        // The oldest row is the lowest id (commit order), found through the primary key.
        // One statement, so everything comes from one snapshot.
        return onReader("stats", c -> {
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT (SELECT value FROM meta WHERE key = 'rows'),"
                         + " (SELECT value FROM meta WHERE key = 'bytes'),"
                         + " coalesce((SELECT created_at FROM outbox ORDER BY id LIMIT 1), 0),"
                         + " (SELECT value FROM meta WHERE key = 'last_seq')")) {
                rs.next();
                return new BacklogStats(rs.getLong(1), rs.getLong(2), rs.getLong(3), fileBytes(), rs.getLong(4));
            }
        });
    }

    /** {@code PRAGMA integrity_check}: {@code ok}, or SQLite's description of the damage. */
    public String integrityCheck() throws StoreException {
        return onReader("integrity check", c -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
                StringBuilder out = new StringBuilder();
                while (rs.next()) {
                    if (out.length() > 0) {
                        out.append('\n');
                    }
                    out.append(rs.getString(1));
                }
                return out.toString();
            }
        });
    }

    /** Closes the connections and stops the writer thread; idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            writer.submit(() -> {
                closeQuietly(writeConnection);
                writeConnection = null;
            });
        } catch (RejectedExecutionException ignored) {
            // already shut down
        }
        writer.shutdown();
        try {
            if (!writer.awaitTermination(30, TimeUnit.SECONDS)) {
                log.warn("outbox {}: writer thread did not stop within 30 s", file);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeIdleReaders();
    }

    // ---- writer side -------------------------------------------------------------------------

    @FunctionalInterface
    private interface SqlWork<T> {
        T run(Connection c) throws SQLException;
    }

    @FunctionalInterface
    private interface TxBody<T> {
        T run() throws SQLException;
    }

    /**
     * Runs {@code work} on the writer thread and waits for it. The wait is not interruptible: once
     * a write is handed over, the caller learns whether it was committed.
     */
    private <T> T onWriter(String op, SqlWork<T> work) throws StoreException {
        if (closed.get()) {
            throw new StoreException("outbox " + file + ": " + op + " failed: store is closed");
        }
        Future<T> f;
        try {
            f = writer.submit(() -> work.run(writeConnection()));
        } catch (RejectedExecutionException e) {
            throw new StoreException("outbox " + file + ": " + op + " failed: store is closed", e);
        }
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return f.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    if (cause instanceof StoreException se) {
                        throw se;
                    }
                    if (cause instanceof SQLException sql) {
                        throw failure(op, sql);
                    }
                    if (cause instanceof RuntimeException re) {
                        throw re;
                    }
                    if (cause instanceof Error err) {
                        throw err;
                    }
                    throw new StoreException("outbox " + file + ": " + op + " failed: " + cause, cause);
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static <T> T inTransaction(Connection c, TxBody<T> body) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("BEGIN IMMEDIATE");
        }
        boolean done = false;
        try {
            T result = body.run();
            try (Statement s = c.createStatement()) {
                s.execute("COMMIT");
            }
            done = true;
            return result;
        } finally {
            if (!done) {
                try (Statement s = c.createStatement()) {
                    s.execute("ROLLBACK");
                } catch (SQLException ignored) {
                    // the transaction may already be gone (e.g. SQLite rolled it back itself)
                }
            }
        }
    }

    /** Opens the writing connection on first use (on the writer thread) and creates the schema. */
    private Connection writeConnection() throws SQLException, StoreException {
        if (writeConnection == null) {
            SQLiteConfig cfg = baseConfig();
            cfg.setJournalMode(SQLiteConfig.JournalMode.WAL);
            // FULL: a commit we reported is on the medium before append returns, even across a power
            // cut. Costs one fsync per append/delete; issue 4 revisits this together with batching.
            cfg.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
            cfg.setJournalSizeLimit(JOURNAL_SIZE_LIMIT);
            Connection c = connect(cfg);
            try {
                createSchema(c);
            } catch (SQLException | StoreException e) {
                closeQuietly(c);
                throw e;
            }
            writeConnection = c;
        }
        return writeConnection;
    }

    private void createSchema(Connection c) throws SQLException, StoreException {
        inTransaction(c, () -> {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value INTEGER)");
                // AUTOINCREMENT: ids are never reused, even after the newest rows were deleted
                s.execute("CREATE TABLE IF NOT EXISTS outbox(id INTEGER PRIMARY KEY AUTOINCREMENT,"
                        + " seq INTEGER NOT NULL, lane INTEGER NOT NULL, topic TEXT NOT NULL,"
                        + " retained INTEGER NOT NULL, payload BLOB NOT NULL, created_at INTEGER NOT NULL)");
                s.execute("CREATE INDEX IF NOT EXISTS outbox_lane_id ON outbox(lane, id)");
                s.execute("INSERT OR IGNORE INTO meta(key, value) VALUES ('schema', " + SCHEMA_VERSION + ")");
                s.execute("INSERT OR IGNORE INTO meta(key, value) VALUES ('last_seq', 0)");
                // running totals of the backlog, for stats()
                s.execute("INSERT OR IGNORE INTO meta(key, value) VALUES ('rows', (SELECT count(*) FROM outbox))");
                s.execute("INSERT OR IGNORE INTO meta(key, value)"
                        + " VALUES ('bytes', (SELECT coalesce(sum(length(payload)), 0) FROM outbox))");
            }
            return null;
        });
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT value FROM meta WHERE key = 'schema'")) {
            long version = rs.next() ? rs.getLong(1) : 0;
            if (version > SCHEMA_VERSION) {
                throw new StoreException("outbox " + file + ": schema version " + version
                        + " was written by a newer fieldgate (this one knows " + SCHEMA_VERSION + ")");
            }
        }
    }

    private static long readLastSeq(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT value FROM meta WHERE key = 'last_seq'")) {
            if (!rs.next()) {
                throw new SQLException("meta.last_seq is missing");
            }
            return rs.getLong(1);
        }
    }

    /** Runs on the writer thread now and then: folds the WAL back into the database file. */
    private void checkpoint() {
        if (writeConnection == null) {
            return;
        }
        try (Statement s = writeConnection.createStatement();
             ResultSet rs = s.executeQuery("PRAGMA wal_checkpoint(TRUNCATE)")) {
            if (rs.next() && rs.getInt(1) != 0) {
                log.debug("outbox {}: checkpoint could not complete (readers busy), will retry", file);
            }
        } catch (SQLException e) {
            log.warn("outbox {}: checkpoint failed: {}", file, e.getMessage());
        }
    }

    // ---- reader side -------------------------------------------------------------------------

    private <T> T onReader(String op, SqlWork<T> work) throws StoreException {
        Connection c;
        try {
            c = borrowReader(op);
        } catch (SQLException e) {
            throw failure(op, e);
        }
        boolean healthy = false;
        try {
            T result = work.run(c);
            healthy = true;
            return result;
        } catch (SQLException e) {
            throw failure(op, e);
        } finally {
            giveBack(c, healthy);
        }
    }

    private Connection borrowReader(String op) throws SQLException, StoreException {
        if (closed.get()) {
            throw new StoreException("outbox " + file + ": " + op + " failed: store is closed");
        }
        Connection c = idleReaders.pollFirst();
        if (c != null) {
            return c;
        }
        c = connect(baseConfig());
        try (Statement s = c.createStatement()) {
            s.execute("PRAGMA query_only = 1"); // a reader must never become a second writer
        } catch (SQLException e) {
            closeQuietly(c);
            throw e;
        }
        return c;
    }

    private void giveBack(Connection c, boolean healthy) {
        if (!healthy) {
            closeQuietly(c); // after an error, start the next read on a fresh connection
            return;
        }
        idleReaders.addFirst(c);
        if (closed.get()) {
            closeIdleReaders();
        }
    }

    private void closeIdleReaders() {
        Connection c;
        while ((c = idleReaders.pollFirst()) != null) {
            closeQuietly(c);
        }
    }

    // ---- common ------------------------------------------------------------------------------

    private static SQLiteConfig baseConfig() {
        SQLiteConfig cfg = new SQLiteConfig();
        cfg.setBusyTimeout(BUSY_TIMEOUT_MS);
        cfg.setGetGeneratedKeys(false); // we never read them; fetching costs 20-40 % per insert
        return cfg;
    }

    private Connection connect(SQLiteConfig cfg) throws SQLException {
        // pragmas in cfg run at connect time, so a file that is not a database fails right here
        return DriverManager.getConnection("jdbc:sqlite:" + file, cfg.toProperties());
    }

    private long fileBytes() {
        return sizeOrZero(file) + sizeOrZero(Path.of(file + "-wal"));
    }

    private static long sizeOrZero(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return 0; // e.g. no -wal file right after a checkpoint
        }
    }

    private StoreException failure(String op, SQLException e) {
        String why = e.getMessage();
        if (why != null && (why.contains("SQLITE_NOTADB") || why.contains("not a database"))) {
            why = "the file is not a SQLite database (" + why + ")";
        }
        return new StoreException("outbox " + file + ": " + op + " failed: " + why, e);
    }

    private static void closeQuietly(Connection c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (SQLException e) {
            log.debug("closing an outbox connection failed: {}", e.getMessage());
        }
    }

    /** Stable on-disk codes: do not reorder. */
    private static int laneCode(Lane lane) {
        return switch (lane) {
            case ALERT -> 0;
            case TELEMETRY -> 1;
        };
    }
}
