package org.fieldgate.gateway.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteOpenMode;

/**
 * The dead-letter table ({@code dead_letters}) and the delivery attempts the uplink persists
 * ({@code delivery_attempts}), as SQL on a connection the caller owns. The store uses it on its
 * writer connection; {@code fieldgate dead-letters} uses it through {@link #list(Path)} and
 * {@link #requeue(Path, Collection)} on a connection of its own, while the gateway runs (WAL, a
 * {@code BEGIN IMMEDIATE} transaction and a busy timeout: it waits for the gateway's writer, never
 * the other way round for long).
 *
 * <p>Dead letters are never deleted quietly: only {@link #requeue} (a person) or {@link #evictOldest}
 * (the disk budget, recorded in {@code evictions} and logged like an eviction of telemetry) remove them.
 */
public final class DeadLetters {

    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);
    private static final int BUSY_TIMEOUT_MS = 10_000;
    /** Per-row cost beyond topic and payload, as the store estimates it. */
    private static final int ROW_OVERHEAD = 48;

    /**
     * A dead letter.
     *
     * @param seq      the seq it carries
     * @param outboxId its outbox row id (it goes back there on requeue, keeping its place in the lane)
     * @param lane     its lane
     * @param topic    its topic
     * @param bytes    payload size as stored
     * @param reason   why it was dead-lettered
     * @param attempts how many times the link failed with it in flight before
     * @param at       when it was dead-lettered, ms since the epoch
     */
    public record Entry(long seq, long outboxId, Lane lane, String topic, long bytes, String reason, int attempts,
                        long at) {
    }

    /** Failures of a row (the link failed while it was the oldest in flight) and its refusals in a row. */
    public record Attempts(int failures, int refusals) {
    }

    private DeadLetters() {
    }

    /** The {@code delivery_attempts} table (created with the store's schema). */
    static void createTable(Statement s) throws SQLException {
        s.execute("CREATE TABLE IF NOT EXISTS delivery_attempts(outbox_id INTEGER PRIMARY KEY,"
                + " failures INTEGER NOT NULL, refusals INTEGER NOT NULL, at INTEGER NOT NULL)");
    }

    // ---- delivery attempts -------------------------------------------------------------------

    /** Attempts of rows still in the outbox, by outbox id. */
    static Map<Long, Attempts> attempts(Connection c) throws SQLException {
        Map<Long, Attempts> out = new HashMap<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT a.outbox_id, a.failures,"
                + " a.refusals FROM delivery_attempts a JOIN outbox o ON o.id = a.outbox_id")) {
            while (rs.next()) {
                out.put(rs.getLong(1), new Attempts(rs.getInt(2), rs.getInt(3)));
            }
        }
        return out;
    }

    /** Records the attempts of one row, and forgets those of rows that left the outbox since. */
    static void recordAttempts(Connection c, long id, Attempts a, long now) throws SQLException {
        try (PreparedStatement up = c.prepareStatement(
                "INSERT OR REPLACE INTO delivery_attempts(outbox_id, failures, refusals, at) VALUES (?,?,?,?)")) {
            up.setLong(1, id);
            up.setInt(2, a.failures());
            up.setInt(3, a.refusals());
            up.setLong(4, now);
            up.executeUpdate();
        }
        try (Statement s = c.createStatement()) {
            s.executeUpdate("DELETE FROM delivery_attempts WHERE outbox_id NOT IN (SELECT id FROM outbox)");
        }
    }

    // ---- the table ---------------------------------------------------------------------------

    static List<Entry> list(Connection c) throws SQLException {
        List<Entry> out = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT seq, outbox_id, lane, topic,"
                + " length(payload), reason, attempts, at FROM dead_letters ORDER BY seq, outbox_id")) {
            while (rs.next()) {
                out.add(new Entry(rs.getLong(1), rs.getLong(2), OutboxSchema.lane(rs.getInt(3)),
                        rs.getString(4), rs.getLong(5), rs.getString(6), rs.getInt(7), rs.getLong(8)));
            }
        }
        return out;
    }

    /**
     * Moves the dead letters carrying {@code seqs} (all when empty) back into the outbox under their
     * old row id, so they keep their place in their lane (a new id only if the old one is taken, as
     * after a store was replaced). Returns the seqs moved.
     */
    static Set<Long> requeue(Connection c, Collection<Long> seqs) throws SQLException {
        Set<Long> moved = new TreeSet<>();
        long rows = 0;
        long bytes = 0;
        String where = seqs.isEmpty() ? "" : " WHERE seq = ?";
        List<long[]> picked = new ArrayList<>(); // dead_letters.id, seq, outbox_id, payload length
        try (PreparedStatement q = c.prepareStatement(
                "SELECT id, seq, outbox_id, length(payload) FROM dead_letters" + where + " ORDER BY seq, outbox_id")) {
            for (Long seq : seqs.isEmpty() ? List.<Long>of(0L) : new TreeSet<>(seqs)) {
                if (!seqs.isEmpty()) {
                    q.setLong(1, seq);
                }
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        picked.add(new long[]{rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)});
                    }
                }
            }
        }
        try (PreparedStatement taken = c.prepareStatement("SELECT 1 FROM outbox WHERE id = ?");
             PreparedStatement sameId = c.prepareStatement("INSERT INTO outbox(id, seq, lane, topic, retained,"
                     + " payload, created_at) SELECT outbox_id, seq, lane, topic, retained, payload, created_at"
                     + " FROM dead_letters WHERE id = ?");
             PreparedStatement newId = c.prepareStatement("INSERT INTO outbox(seq, lane, topic, retained, payload,"
                     + " created_at) SELECT seq, lane, topic, retained, payload, created_at FROM dead_letters WHERE id = ?");
             PreparedStatement gone = c.prepareStatement("DELETE FROM dead_letters WHERE id = ?");
             PreparedStatement fresh = c.prepareStatement("DELETE FROM delivery_attempts WHERE outbox_id = ?")) {
            for (long[] p : picked) {
                taken.setLong(1, p[2]);
                boolean idTaken;
                try (ResultSet rs = taken.executeQuery()) {
                    idTaken = rs.next();
                }
                PreparedStatement ins = idTaken ? newId : sameId;
                ins.setLong(1, p[0]);
                ins.executeUpdate();
                gone.setLong(1, p[0]);
                gone.executeUpdate();
                fresh.setLong(1, p[2]);
                fresh.executeUpdate(); // a requeued message starts with a clean record
                moved.add(p[1]);
                rows++;
                bytes += p[3];
            }
        }
        if (rows > 0) {
            try (PreparedStatement u = c.prepareStatement("UPDATE meta SET value = value + CASE key"
                    + " WHEN 'rows' THEN ? ELSE ? END WHERE key IN ('rows', 'bytes')")) {
                u.setLong(1, rows);
                u.setLong(2, bytes);
                u.executeUpdate();
            }
        }
        return moved;
    }

    /**
     * Under the disk budget: deletes the oldest dead letters worth about {@code bytes}, records them as
     * an eviction (a seq range in {@code evictions}, counted in {@code meta.evicted}, so health and
     * status announce them) and logs it. False when there is none.
     */
    static boolean evictOldest(Connection c, long bytes, long now, Path file) throws SQLException {
        long freed = 0;
        long count = 0;
        long firstSeq = Long.MAX_VALUE;
        long lastSeq = 0;
        List<Long> ids = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT id, seq, length(payload), length(topic) FROM dead_letters ORDER BY id LIMIT 5000")) {
            while (freed < bytes && rs.next()) {
                ids.add(rs.getLong(1));
                firstSeq = Math.min(firstSeq, rs.getLong(2));
                lastSeq = Math.max(lastSeq, rs.getLong(2));
                count++;
                freed += rs.getLong(3) + rs.getLong(4) + ROW_OVERHEAD;
            }
        }
        if (count == 0) {
            return false;
        }
        try (PreparedStatement d = c.prepareStatement("DELETE FROM dead_letters WHERE id = ?")) {
            for (long id : ids) {
                d.setLong(1, id);
                d.executeUpdate();
            }
        }
        try (PreparedStatement ins = c.prepareStatement(
                "INSERT INTO evictions(first_seq, last_seq, count, at) VALUES (?,?,?,?)");
             PreparedStatement u = c.prepareStatement("UPDATE meta SET value = value + ? WHERE key = 'evicted'")) {
            ins.setLong(1, firstSeq);
            ins.setLong(2, lastSeq);
            ins.setLong(3, count);
            ins.setLong(4, now);
            ins.executeUpdate();
            u.setLong(1, count);
            u.executeUpdate();
        }
        log.warn("outbox {}: disk budget reached: evicted {} dead letter(s), seqs {}..{} (announced on health)",
                file, count, firstSeq, lastSeq);
        return true;
    }

    // ---- for fieldgate dead-letters ------------------------------------------------------------

    /** The dead letters of the store at {@code db}, by seq; the store may be in use by a running gateway. */
    public static List<Entry> list(Path db) throws StoreException {
        try (Connection c = open(db)) {
            return list(c);
        } catch (SQLException e) {
            throw new StoreException("outbox " + db + ": cannot read the dead letters: " + e.getMessage(), e);
        }
    }

    /**
     * Puts the dead letters carrying {@code seqs} (all when empty) back into the outbox of the store at
     * {@code db}, in one transaction; a running gateway's uplink picks them up at its next idle poll.
     *
     * @return the seqs moved back
     */
    public static Set<Long> requeue(Path db, Collection<Long> seqs) throws StoreException {
        try (Connection c = open(db)) {
            try (Statement s = c.createStatement()) {
                s.execute("BEGIN IMMEDIATE");
            }
            boolean done = false;
            try {
                Set<Long> moved = requeue(c, seqs);
                try (Statement s = c.createStatement()) {
                    s.execute("COMMIT");
                }
                done = true;
                return moved;
            } finally {
                if (!done) {
                    try (Statement s = c.createStatement()) {
                        s.execute("ROLLBACK");
                    } catch (SQLException ignored) {
                        // already rolled back
                    }
                }
            }
        } catch (SQLException e) {
            throw new StoreException("outbox " + db + ": cannot requeue dead letters: " + e.getMessage(), e);
        }
    }

    /** Its own connection to an existing store: never creates one, never changes its journal mode. */
    private static Connection open(Path db) throws SQLException, StoreException {
        if (!Files.isRegularFile(db)) {
            throw new StoreException("outbox " + db + ": no such store (is storage.path right?)");
        }
        SQLiteConfig cfg = new SQLiteConfig();
        cfg.setBusyTimeout(BUSY_TIMEOUT_MS);
        cfg.setOpenMode(SQLiteOpenMode.READWRITE);
        cfg.resetOpenMode(SQLiteOpenMode.CREATE);
        cfg.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + db, cfg.toProperties());
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT count(*) FROM sqlite_master WHERE name = 'dead_letters'")) {
            if (!rs.next() || rs.getInt(1) == 0) {
                c.close();
                throw new StoreException("outbox " + db + ": not a fieldgate store (no dead_letters table)");
            }
        }
        return c;
    }
}
