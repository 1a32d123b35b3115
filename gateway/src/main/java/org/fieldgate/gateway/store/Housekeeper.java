package org.fieldgate.gateway.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store's scheduled work on the writer thread: deletes acknowledged rows (deferred, so an
 * acknowledgement costs no disk sync of its own) and, every {@value #CHECKPOINT_EVERY_S} s, folds
 * the WAL back into the database and hands a large free list back to the filesystem.
 */
final class Housekeeper {

    // logs as the store does, so a log configuration that names the store keeps working
    private static final Logger log = LoggerFactory.getLogger(SqliteOutboxStore.class);

    /** Acknowledged rows wait at most this long for a transaction to delete them in. */
    static final long DELETE_DELAY_MS = 2000;
    private static final long CHECKPOINT_EVERY_S = 300;

    private final Path file;
    private final AtomicBoolean closed;
    private StoreWriter writer;
    /** Acknowledged row ids whose deletion rides on the next transaction ({@link #deleteAll}). */
    private final Set<Long> deletesDue = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean deleteTaskScheduled = new AtomicBoolean();
    /** When the oldest id in {@link #deletesDue} came (System.nanoTime). */
    private volatile long deletesWaitingSince;
    /** Ids deleted by the transaction in progress (writer thread). */
    private List<Long> deleting = List.of();

    Housekeeper(Path file, AtomicBoolean closed) {
        this.file = file;
        this.closed = closed;
    }

    /** The writer it works on; set once, before any write (the writer reports back to it). */
    void workOn(StoreWriter storeWriter) {
        this.writer = storeWriter;
    }

    /** Starts the periodic checkpoint and vacuum. */
    void start() {
        writer.scheduleWithFixedDelay(this::housekeeping, CHECKPOINT_EVERY_S);
    }

    /** True while the row waits for its deferred delete: readers leave it out. */
    boolean isDue(long id) {
        return deletesDue.contains(id);
    }

    /** Queues the ids for deletion in the next transaction, or by the timer when none comes. */
    void deleteAll(Collection<Long> ids) {
        if (deletesDue.isEmpty()) {
            deletesWaitingSince = System.nanoTime();
        }
        deletesDue.addAll(ids);
        if (deleteTaskScheduled.compareAndSet(false, true)) {
            try {
                writer.schedule(() -> deleteDueNow(false), DELETE_DELAY_MS);
            } catch (RejectedExecutionException e) {
                deleteTaskScheduled.set(false); // closing: close() deletes them
            }
        }
    }

    /**
     * On the writer thread: deletes the acknowledged rows still waiting, in a transaction of their
     * own; for the timer ({@code !now}) only when they waited long enough, else it looks again later.
     */
    void deleteDueNow(boolean now) {
        if (!now) {
            deleteTaskScheduled.set(false);
        }
        if (deletesDue.isEmpty() || writer.openConnection() == null && closed.get()) {
            return;
        }
        long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - deletesWaitingSince);
        if (!now && !closed.get() && waited < DELETE_DELAY_MS && deleteTaskScheduled.compareAndSet(false, true)) {
            writer.schedule(() -> deleteDueNow(false), DELETE_DELAY_MS - waited);
            return;
        }
        try {
            Connection c = writer.connection();
            StoreWriter.inTransaction(c, () -> {
                applyDueDeletes(c);
                return null;
            });
            deletesDone(true);
        } catch (SQLException e) {
            deletesDone(false);
            log.warn("outbox {}: deleting acknowledged rows failed (they stay and may go again): {}", file,
                    e.getMessage());
        }
    }

    /** Deletes the acknowledged rows waiting in {@link #deletesDue}, inside the caller's transaction. */
    void applyDueDeletes(Connection c) throws SQLException {
        if (deletesDue.isEmpty()) {
            return;
        }
        List<Long> ids = new ArrayList<>(deletesDue);
        long rows = 0;
        long bytes = 0;
        try (PreparedStatement d = c.prepareStatement("DELETE FROM outbox WHERE id = ? RETURNING length(payload)")) {
            for (long id : ids) {
                d.setLong(1, id);
                try (ResultSet rs = d.executeQuery()) {
                    if (rs.next()) { // else already gone
                        rows++;
                        bytes += rs.getLong(1);
                    }
                }
            }
        }
        if (rows > 0) {
            try (PreparedStatement update = c.prepareStatement("UPDATE meta SET value = value - CASE key"
                    + " WHEN 'rows' THEN ? ELSE ? END WHERE key IN ('rows', 'bytes')")) {
                update.setLong(1, rows);
                update.setLong(2, bytes);
                update.executeUpdate();
            }
        }
        deleting = ids; // leave deletesDue once the transaction committed (see deletesDone)
    }

    /** On the writer thread, after the work of a write ended: committed or rolled back. */
    void deletesDone(boolean committed) {
        if (committed && !deleting.isEmpty()) {
            deletesWaitingSince = System.nanoTime(); // what is left came after this transaction began
            deletesDue.removeAll(deleting);
        }
        deleting = List.of();
    }

    /** Deletes the acknowledged rows still waiting, now. */
    void flushDueDeletes(String op) throws StoreException {
        if (deletesDue.isEmpty()) {
            return;
        }
        writer.run(op, c -> StoreWriter.inTransaction(c, () -> {
            applyDueDeletes(c);
            return null;
        }));
    }

    /**
     * Runs on the writer thread now and then: folds the WAL back into the database file, and when
     * more than a quarter of the file is free pages (a backlog drained), gives them back to the disk.
     */
    void housekeeping() {
        Connection writeConnection = writer.openConnection();
        if (writeConnection == null) {
            return;
        }
        deleteDueNow(true);
        try (Statement s = writeConnection.createStatement()) {
            long pages;
            long free;
            try (ResultSet rs = s.executeQuery("SELECT (SELECT page_count FROM pragma_page_count()),"
                    + " (SELECT freelist_count FROM pragma_freelist_count())")) {
                rs.next();
                pages = rs.getLong(1);
                free = rs.getLong(2);
            }
            if (free > 256 && free * 4 > pages) {
                boolean incremental;
                try (ResultSet rs = s.executeQuery("PRAGMA auto_vacuum")) {
                    incremental = rs.next() && rs.getInt(1) == 2;
                }
                if (incremental) { // stores made before schema 3
                    // in slices, so the WAL stays small
                    for (long left = free; left > 0; left -= 256) {
                        // executeUpdate steps the statement to the end; execute() would free one page only
                        s.executeUpdate("PRAGMA incremental_vacuum(256)");
                    }
                } else {
                    // rewrites the pages in use only: few, once the backlog that freed the rest is gone
                    s.executeUpdate("VACUUM");
                }
            }
            try (ResultSet rs = s.executeQuery("PRAGMA wal_checkpoint(TRUNCATE)")) {
                if (rs.next() && rs.getInt(1) != 0) {
                    log.debug("outbox {}: checkpoint could not complete (readers busy), will retry", file);
                }
            }
        } catch (SQLException e) {
            log.warn("outbox {}: housekeeping failed: {}", file, e.getMessage());
        }
    }
}
