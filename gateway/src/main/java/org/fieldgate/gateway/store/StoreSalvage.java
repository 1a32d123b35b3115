package org.fieldgate.gateway.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.sqlite.SQLiteConfig;

/**
 * Reads what it still can from a damaged outbox that was moved aside: {@code last_seq}, the row
 * totals, and the outbox rows SQLite can still decode, oldest first, in pages. Best effort: every
 * failure is absorbed; a region that cannot be read is stepped over.
 */
final class StoreSalvage {

    /** A row read from the damaged store. */
    record Row(long seq, int lane, String topic, boolean retained, byte[] payload, long createdAt) {
    }

    @FunctionalInterface
    interface RowSink {
        void accept(List<Row> rows) throws Exception;
    }

    /**
     * @param lastSeq   meta.last_seq, or 0 when unreadable
     * @param maxSeq    highest seq among the rows read
     * @param claimed   meta.rows (rows the damaged store said it held), or -1 when unreadable
     * @param salvaged  rows handed to the sink
     * @param holes     regions that could not be read
     */
    record Result(long lastSeq, long maxSeq, long claimed, long salvaged, long holes) {
    }

    private static final int PAGE = 500;
    /** Consecutive unreadable probes before giving up on the rest of the table. */
    private static final int MAX_FAILED_PROBES = 40;

    private StoreSalvage() {
    }

    static Result salvage(Path damaged, RowSink sink) {
        SQLiteConfig cfg = new SQLiteConfig();
        cfg.setReadOnly(true);
        long lastSeq = 0;
        long claimed = -1;
        long maxSeq = 0;
        long salvaged = 0;
        long holes = 0;
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + damaged, cfg.toProperties())) {
            lastSeq = longOr(c, "SELECT value FROM meta WHERE key = 'last_seq'", 0);
            claimed = longOr(c, "SELECT value FROM meta WHERE key = 'rows'", -1);
            long maxId = Math.max(longOr(c, "SELECT seq FROM sqlite_sequence WHERE name = 'outbox'", 0),
                    longOr(c, "SELECT max(id) FROM outbox", 0));
            long after = 0;
            long jump = 1;
            int failedProbes = 0;
            boolean inHole = false;
            {
                while (true) {
                    List<Row> rows = new ArrayList<>();
                    long lastId = after;
                    boolean failed = false;
                    // a fresh statement each time: after SQLITE_CORRUPT a statement is not to be trusted
                    try (PreparedStatement q = c.prepareStatement("SELECT id, seq, lane, topic, retained, payload,"
                            + " created_at FROM outbox WHERE id > ? ORDER BY id LIMIT " + PAGE)) {
                        q.setLong(1, after);
                        try (ResultSet rs = q.executeQuery()) {
                            while (rs.next()) {
                                Row r = new Row(rs.getLong(2), rs.getInt(3), rs.getString(4), rs.getInt(5) != 0,
                                        rs.getBytes(6), rs.getLong(7));
                                if (r.topic() == null || r.payload() == null) {
                                    continue;
                                }
                                lastId = rs.getLong(1);
                                rows.add(r);
                            }
                        }
                    } catch (SQLException e) {
                        failed = true;
                    }
                    if (!rows.isEmpty()) {
                        sink.accept(rows);
                        salvaged += rows.size();
                        for (Row r : rows) {
                            maxSeq = Math.max(maxSeq, r.seq());
                        }
                        after = lastId;
                        jump = 1;
                        failedProbes = 0;
                        inHole = false;
                    }
                    if (!failed) {
                        if (rows.isEmpty()) {
                            break; // the end of the table
                        }
                        continue;
                    }
                    // step over the unreadable region: probe further and further ahead
                    if (!inHole) {
                        holes++;
                        inHole = true;
                    }
                    if (++failedProbes > MAX_FAILED_PROBES || (maxId > 0 && after >= maxId)) {
                        break;
                    }
                    after += jump;
                    jump *= 2;
                }
            }
        } catch (Exception e) {
            holes++;
        }
        return new Result(lastSeq, maxSeq, claimed, salvaged, holes);
    }

    private static long longOr(Connection c, String sql, long fallback) {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : fallback;
        } catch (SQLException e) {
            return fallback;
        }
    }
}
