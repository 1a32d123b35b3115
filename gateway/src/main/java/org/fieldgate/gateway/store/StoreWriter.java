package org.fieldgate.gateway.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;

/**
 * The store's single writer: one thread that owns the only writing connection and runs every write,
 * each in a {@code BEGIN IMMEDIATE} transaction, so there is never a read-to-write upgrade and never
 * a second writer. Also keeps whether the disk takes writes ("unwritable since …").
 */
final class StoreWriter {

    // logs as the store does, so a log configuration that names the store keeps working
    private static final Logger log = LoggerFactory.getLogger(SqliteOutboxStore.class);

    /** A transaction's body, run between BEGIN IMMEDIATE and COMMIT. */
    @FunctionalInterface
    interface TxBody<T> {
        T run() throws SQLException;
    }

    private final Path file;
    private final Clock clock;
    private final DiskBudget budget;
    private final AtomicBoolean closed;
    private final ScheduledThreadPoolExecutor thread;
    /** Told, on the writer thread, whether each write committed. */
    private final Consumer<Boolean> afterEachWrite;
    /** Touched only on the writer thread. */
    private Connection connection;
    private volatile long unwritableSince;
    private volatile String writeError;

    StoreWriter(Path file, Clock clock, DiskBudget budget, AtomicBoolean closed, Consumer<Boolean> afterEachWrite) {
        this.file = file;
        this.clock = clock;
        this.budget = budget;
        this.closed = closed;
        this.afterEachWrite = afterEachWrite;
        this.thread = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "outbox-writer");
            t.setDaemon(true);
            return t;
        });
        thread.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        thread.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
    }

    /** Since when (epoch ms) writes fail for lack of space or an I/O error; 0 while they succeed. */
    long unwritableSince() {
        return unwritableSince;
    }

    String writeError() {
        return writeError;
    }

    /** Takes a seq in the reservation file, on the writer thread so that no append races it. */
    long reserveSeq(SeqReservation reservation, Path seqFile) throws StoreException {
        try {
            return thread.submit(reservation::takeAbove).get();
        } catch (ExecutionException e) {
            throw new StoreException("outbox " + file + ": cannot take a seq in " + seqFile + ": "
                    + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("outbox " + file + ": interrupted while taking a seq", e);
        } catch (RejectedExecutionException e) {
            throw new StoreException("outbox " + file + ": store is closed", e);
        }
    }

    void schedule(Runnable task, long delayMs) {
        thread.schedule(task, delayMs, TimeUnit.MILLISECONDS);
    }

    void scheduleWithFixedDelay(Runnable task, long everySeconds) {
        thread.scheduleWithFixedDelay(task, everySeconds, everySeconds, TimeUnit.SECONDS);
    }

    <T> T run(String op, SqlWork<T> work) throws StoreException {
        return run(op, false, work);
    }

    /**
     * Runs {@code work} on the writer thread and waits for it. The wait is not interruptible: once
     * a write is handed over, the caller learns whether it was committed. An append that fails
     * because the disk is full or failing marks the store unwritable; the next one that succeeds
     * clears it.
     */
    <T> T run(String op, boolean isAppend, SqlWork<T> work) throws StoreException {
        if (closed.get()) {
            throw new StoreException("outbox " + file + ": " + op + " failed: store is closed");
        }
        Future<T> f;
        try {
            f = thread.submit(() -> {
                boolean committed = false;
                try {
                    T result = work.run(connection());
                    committed = true;
                    if (isAppend) {
                        writable();
                    }
                    return result;
                } catch (SQLException e) {
                    if (SqliteErrors.isDiskTrouble(e)) {
                        unwritable(op, e);
                    }
                    throw e;
                } finally {
                    afterEachWrite.accept(committed);
                }
            });
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
                    if (cause instanceof SqliteErrors.BudgetFull bf) {
                        throw new StoreException(bf.getMessage(), bf);
                    }
                    if (cause instanceof StoreException se) {
                        throw se;
                    }
                    if (cause instanceof SQLException sql) {
                        throw SqliteErrors.failure(file, op, sql);
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

    /** On the writer thread, after a write failed for lack of space or an I/O error. */
    private void unwritable(String op, SQLException e) {
        writeError = op + ": " + e.getMessage();
        if (unwritableSince == 0) {
            unwritableSince = clock.millis();
            log.error("outbox {}: cannot write ({}): storing is suspended, rules and alarms keep running;"
                    + " it resumes by itself when space returns", file, writeError);
        }
        if (SqliteErrors.isIoError(e)) {
            // after an I/O error start again on a fresh connection rather than trust this one
            SqliteConnections.closeQuietly(connection);
            connection = null;
        }
    }

    /** On the writer thread, after an append committed. */
    private void writable() {
        long since = unwritableSince;
        if (since != 0) {
            unwritableSince = 0;
            writeError = null;
            log.info("outbox {}: storing again after {} s unwritable", file, (clock.millis() - since) / 1000);
        }
    }

    static <T> T inTransaction(Connection c, TxBody<T> body) throws SQLException {
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

    /** The writing connection, or null once closed (writer thread). */
    Connection openConnection() {
        return connection;
    }

    /** Opens the writing connection on first use (on the writer thread). */
    Connection connection() throws SQLException {
        if (connection == null) {
            SQLiteConfig cfg = SqliteConnections.baseConfig();
            // FULL: a commit we reported is on the medium before append returns, even across a power
            // cut (see SqliteOutboxStore's class comment and docs/storage.md).
            cfg.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
            cfg.setJournalSizeLimit((int) budget.walCap());
            Connection c = SqliteConnections.connect(file, cfg);
            try (Statement s = c.createStatement()) {
                // the page size first: only a new, empty file takes it, and only before WAL mode is set
                s.execute("PRAGMA page_size = " + OutboxSchema.NEW_PAGE_SIZE);
                s.execute("PRAGMA journal_mode = WAL");
                try (ResultSet rs = s.executeQuery("PRAGMA page_size")) {
                    if (rs.next()) {
                        budget.pageSize(rs.getLong(1));
                    }
                }
                s.execute("PRAGMA wal_autocheckpoint = " + budget.autoCheckpointPages());
            } catch (SQLException e) {
                SqliteConnections.closeQuietly(c);
                throw e;
            }
            connection = c;
        }
        return connection;
    }

    /**
     * Runs {@code last} on the writer thread, closes the writing connection and stops the thread,
     * waiting up to 30 s. The caller has set {@code closed}.
     */
    void close(Runnable last) {
        try {
            thread.submit(() -> {
                last.run();
                SqliteConnections.closeQuietly(connection);
                connection = null;
            });
        } catch (RejectedExecutionException ignored) {
            // already shut down
        }
        thread.shutdown();
        try {
            if (!thread.awaitTermination(30, TimeUnit.SECONDS)) {
                log.warn("outbox {}: writer thread did not stop within 30 s", file);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
