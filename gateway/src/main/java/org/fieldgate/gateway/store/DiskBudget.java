package org.fieldgate.gateway.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps database plus WAL within {@code storage.max_size}: caps the WAL, and before an append would
 * push the pages in use past the rest of the budget, evicts dead letters and then the oldest
 * TELEMETRY rows (never ALERT rows) down to {@link #EVICT_TO}, recording each eviction as a seq
 * range. Used on the writer thread only, inside the append's transaction.
 */
final class DiskBudget {

    // logs as the store does, so a log configuration that names the store keeps working
    private static final Logger log = LoggerFactory.getLogger(SqliteOutboxStore.class);

    /** The WAL never needs more than this, however large the budget. */
    private static final long WAL_CAP_MAX = 8L * 1024 * 1024;
    private static final long WAL_CAP_MIN = 64L * 1024;
    /** Evictions bring the pages in use down to this share of the data budget. */
    private static final double EVICT_TO = 0.90;
    /** Per-row cost beyond topic and payload (record header, index entry, b-tree slack), estimated. */
    private static final int ROW_OVERHEAD = 48;
    private static final int MAX_EVICTION_ROWS = 1000;

    private final Path file;
    private final Clock clock;
    private final long maxBytes;
    private final long walCap;
    /** Set when the writing connection opens (writer thread). */
    private long pageSize = 4096;

    DiskBudget(Path file, Clock clock, long maxBytes) {
        this.file = file;
        this.clock = clock;
        this.maxBytes = maxBytes;
        this.walCap = Math.max(WAL_CAP_MIN, Math.min(WAL_CAP_MAX, maxBytes / 8));
    }

    long walCap() {
        return walCap;
    }

    void pageSize(long bytes) {
        pageSize = bytes;
    }

    /**
     * Checkpoint at half the WAL cap, so the WAL (cut back to the cap) stays within it. Rarely, on
     * purpose: between checkpoints the pages each commit rewrites collapse into one copy in the
     * database file.
     */
    long autoCheckpointPages() {
        return Math.max(16, walCap / (pageSize + 24) / 2);
    }

    /** What a row of this stored payload and topic is estimated to take. */
    static long rowCost(byte[] storedPayload, String topic) {
        return storedPayload.length + topic.length() + ROW_OVERHEAD;
    }

    /** What database plus WAL take on disk now. */
    static long fileBytes(Path db) {
        return sizeOrZero(db) + sizeOrZero(Path.of(db + "-wal"));
    }

    static long sizeOrZero(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return 0; // e.g. no -wal file right after a checkpoint
        }
    }

    /** Data pages may use the budget minus what the WAL may take. */
    private long dataBudget() {
        return maxBytes == Long.MAX_VALUE ? Long.MAX_VALUE : Math.max(0, maxBytes - walCap);
    }

    private long usedBytes(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT (SELECT page_count FROM pragma_page_count())"
                     + " - (SELECT freelist_count FROM pragma_freelist_count())")) {
            rs.next();
            return rs.getLong(1) * pageSize;
        }
    }

    /**
     * Before {@code need} more bytes go in: when they would pass the data budget, evicts the oldest
     * telemetry until the pages in use are down to {@link #EVICT_TO} of it. Throws when telemetry
     * cannot fit because alerts fill the budget; alerts always go in.
     */
    void makeRoom(Connection c, Lane lane, long need, Eviction eviction) throws SQLException {
        long budget = dataBudget();
        if (budget == Long.MAX_VALUE || usedBytes(c) + need <= budget) {
            return;
        }
        long target = (long) (budget * EVICT_TO) - need;
        for (int round = 0; round < 1000; round++) {
            long used = usedBytes(c);
            if (used <= target) {
                break;
            }
            // dead letters first: they wait for a person, unsent telemetry only for the link
            if (!DeadLetters.evictOldest(c, used - target, clock.millis(), file)
                    && !evictOldestTelemetry(c, used - target, eviction)) {
                break; // nothing left to evict
            }
        }
        if (usedBytes(c) + need > budget) {
            if (lane == Lane.TELEMETRY) {
                throw new SqliteErrors.BudgetFull("outbox " + file + ": disk budget of " + maxBytes
                        + " bytes is full of alerts and alarm state; telemetry cannot be stored");
            }
            log.warn("outbox {}: disk budget of {} bytes is full of alerts; storing the alert anyway", file, maxBytes);
        }
    }

    /** Deletes the oldest telemetry rows worth about {@code bytes}; false when there is none. */
    private boolean evictOldestTelemetry(Connection c, long bytes, Eviction eviction) throws SQLException {
        long firstId = -1;
        long lastId = -1;
        long firstSeq = 0;
        long lastSeq = 0;
        long count = 0;
        long payloadBytes = 0;
        long freed = 0;
        try (PreparedStatement q = c.prepareStatement("SELECT id, seq, length(payload), length(topic) FROM outbox"
                + " WHERE lane = ? ORDER BY id LIMIT 5000")) {
            q.setInt(1, OutboxSchema.laneCode(Lane.TELEMETRY));
            try (ResultSet rs = q.executeQuery()) {
                while (freed < bytes && rs.next()) {
                    if (firstId < 0) {
                        firstId = rs.getLong(1);
                        firstSeq = rs.getLong(2);
                    }
                    lastId = rs.getLong(1);
                    lastSeq = rs.getLong(2);
                    count++;
                    payloadBytes += rs.getLong(3);
                    freed += rs.getLong(3) + rs.getLong(4) + ROW_OVERHEAD;
                }
            }
        }
        if (count == 0) {
            return false;
        }
        try (PreparedStatement d = c.prepareStatement("DELETE FROM outbox WHERE lane = ? AND id BETWEEN ? AND ?")) {
            d.setInt(1, OutboxSchema.laneCode(Lane.TELEMETRY));
            d.setLong(2, firstId);
            d.setLong(3, lastId);
            d.executeUpdate();
        }
        try (PreparedStatement u = c.prepareStatement("UPDATE meta SET value = CASE key WHEN 'rows' THEN value - ?"
                + " WHEN 'bytes' THEN value - ? ELSE value + ? END WHERE key IN ('rows', 'bytes', 'evicted')")) {
            u.setLong(1, count);
            u.setLong(2, payloadBytes);
            u.setLong(3, count);
            u.executeUpdate();
        }
        eviction.add(firstSeq, lastSeq, count);
        return true;
    }

    /** Evicted telemetry within one append transaction; becomes one row of {@code evictions}. */
    final class Eviction {
        private long firstSeq;
        private long lastSeq;
        private long count;

        void add(long first, long last, long n) {
            if (count == 0) {
                firstSeq = first;
            }
            lastSeq = last;
            count += n;
        }

        void record(Connection c, long now) throws SQLException {
            if (count == 0) {
                return;
            }
            try (PreparedStatement ins = c.prepareStatement(
                    "INSERT INTO evictions(first_seq, last_seq, count, at) VALUES (?,?,?,?)")) {
                ins.setLong(1, firstSeq);
                ins.setLong(2, lastSeq);
                ins.setLong(3, count);
                ins.setLong(4, now);
                ins.executeUpdate();
            }
            try (Statement s = c.createStatement()) {
                s.executeUpdate("DELETE FROM evictions WHERE id <= (SELECT max(id) FROM evictions) - "
                        + MAX_EVICTION_ROWS);
            }
            log.warn("outbox {}: disk budget of {} bytes reached: evicted {} unsent telemetry row(s), seqs {}..{}",
                    file, maxBytes, count, firstSeq, lastSeq);
        }
    }
}
