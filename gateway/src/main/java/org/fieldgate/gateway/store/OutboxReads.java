package org.fieldgate.gateway.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongPredicate;

/** The SQL of the store's reads, each run on a borrowed reading connection. */
final class OutboxReads {

    private OutboxReads() {
    }

    /** Up to {@code limit} rows of the lane after {@code afterId}, leaving out those {@code skip} names. */
    /** See {@link OutboxStore#newestOn}: the topic is compared before the payload is read. */
    static List<StoredMessage> newestOn(Connection c, String topic, long beforeId, int limit) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT id, seq, lane, retained, payload, created_at FROM outbox"
                + " WHERE id < ? AND topic = ? ORDER BY id DESC LIMIT ?")) {
            q.setLong(1, beforeId);
            q.setString(2, topic);
            q.setInt(3, limit);
            List<StoredMessage> rows = new ArrayList<>(Math.min(limit, 256));
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    rows.add(new StoredMessage(rs.getLong(1), rs.getLong(2), OutboxSchema.lane(rs.getInt(3)), topic,
                            rs.getInt(4) != 0, payload(rs.getLong(1), rs.getBytes(5)), rs.getLong(6)));
                }
            }
            return rows;
        }
    }

    private static byte[] payload(long id, byte[] stored) throws SQLException {
        try {
            return StoredPayload.decode(stored);
        } catch (IllegalArgumentException e) {
            throw new SQLException("outbox row " + id + ": " + e.getMessage(), e);
        }
    }

    static List<StoredMessage> page(Connection c, Lane lane, long afterId, int limit, LongPredicate skip)
            throws SQLException {
        // the lane as a literal: alerts are found through their partial index, telemetry through the
        // row ids (alert rows are few, so skipping them costs nothing)
        try (PreparedStatement q = c.prepareStatement(
                "SELECT id, seq, topic, retained, payload, created_at FROM outbox"
                        + " WHERE lane = " + OutboxSchema.laneCode(lane) + " AND id > ? ORDER BY id LIMIT ?")) {
            q.setLong(1, afterId);
            q.setInt(2, limit);
            List<StoredMessage> rows = new ArrayList<>(Math.min(limit, 256));
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    long id = rs.getLong(1);
                    if (skip.test(id)) {
                        continue; // acknowledged; deleted with the next transaction
                    }
                    rows.add(new StoredMessage(id, rs.getLong(2), lane, rs.getString(3),
                            rs.getInt(4) != 0, payload(id, rs.getBytes(5)), rs.getLong(6)));
                }
            }
            return rows;
        }
    }

    static List<StoredAlarm> alarmStates(Connection c) throws SQLException {
        List<StoredAlarm> out = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT rule, level, severity, since,"
                + " seq, payload, acknowledged_by, acknowledged_at FROM alarm_state ORDER BY rule")) {
            while (rs.next()) {
                out.add(new StoredAlarm(new AlarmState(rs.getString(1), rs.getString(2), rs.getInt(3),
                        rs.getLong(4), rs.getString(7), rs.getLong(8)), rs.getLong(5), rs.getBytes(6)));
            }
        }
        return out;
    }

    static List<StagedFragment> staged(Connection c) throws SQLException {
        List<StagedFragment> out = new ArrayList<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT stream, data FROM staged ORDER BY id")) {
            while (rs.next()) {
                out.add(new StagedFragment(rs.getString(1), rs.getBytes(2)));
            }
        }
        return out;
    }

    /** The totals kept in meta and the oldest row, from one snapshot; {@code fileBytes} as measured. */
    static BacklogStats stats(Connection c, long fileBytes) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT (SELECT value FROM meta WHERE key = 'rows'),"
                     + " (SELECT value FROM meta WHERE key = 'bytes'),"
                     + " coalesce((SELECT created_at FROM outbox ORDER BY id LIMIT 1), 0),"
                     + " (SELECT value FROM meta WHERE key = 'last_seq'),"
                     + " (SELECT value FROM meta WHERE key = 'dead'),"
                     + " (SELECT value FROM meta WHERE key = 'evicted')")) {
            rs.next();
            return new BacklogStats(rs.getLong(1), rs.getLong(2), rs.getLong(3), fileBytes, rs.getLong(4),
                    rs.getLong(5), rs.getLong(6));
        }
    }

    static List<EvictedRange> recentEvictions(Connection c, int limit) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT first_seq, last_seq, count, at FROM"
                + " (SELECT * FROM evictions ORDER BY id DESC LIMIT ?) ORDER BY id")) {
            q.setInt(1, limit);
            List<EvictedRange> out = new ArrayList<>();
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    out.add(new EvictedRange(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)));
                }
            }
            return out;
        }
    }

    /** The newest {@code limit} dead letters, oldest first, one line each. */
    static List<String> deadLetterReasons(Connection c, int limit) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT seq, topic, reason FROM"
                + " (SELECT * FROM dead_letters ORDER BY id DESC LIMIT ?) ORDER BY id")) {
            q.setInt(1, limit);
            List<String> out = new ArrayList<>();
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    out.add("seq " + rs.getLong(1) + " " + rs.getString(2) + ": " + rs.getString(3));
                }
            }
            return out;
        }
    }

    /** {@code PRAGMA integrity_check}: {@code ok}, or SQLite's description of the damage. */
    static String integrityCheck(Connection c) throws SQLException {
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
    }
}
