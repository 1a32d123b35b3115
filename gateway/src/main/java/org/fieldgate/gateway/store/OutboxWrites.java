package org.fieldgate.gateway.store;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SQL of the store's writes, each run inside a transaction on the writer thread: appends (with
 * seqs, totals, the seq reservation and room made under the budget), staged fragments, alarm state,
 * unstored alerts, dead letters, salvaged rows.
 */
final class OutboxWrites {

    // logs as the store does, so a log configuration that names the store keeps working
    private static final Logger log = LoggerFactory.getLogger(SqliteOutboxStore.class);

    /** Work done inside an append transaction after the rows of one seq are inserted. */
    @FunctionalInterface
    interface AfterInsert {
        void run(Connection c, long seq, List<OutgoingMessage> messages) throws SQLException;
    }

    private final Path file;
    private final Clock clock;
    private final DiskBudget budget;
    private final SeqReservation reservation;
    private final Path seqFile;

    OutboxWrites(Path file, Clock clock, DiskBudget budget, SeqReservation reservation, Path seqFile) {
        this.file = file;
        this.clock = clock;
        this.budget = budget;
        this.reservation = reservation;
        this.seqFile = seqFile;
    }

    /** Keeps the state of a rule's alarm, with the seq and retained payload that published it. */
    static void recordAlarm(Connection c, AlarmState state, long seq, byte[] retained) throws SQLException {
        try (PreparedStatement up = c.prepareStatement("INSERT OR REPLACE INTO alarm_state(rule, level, severity,"
                + " since, seq, payload, acknowledged_by, acknowledged_at) VALUES (?,?,?,?,?,?,?,?)")) {
            up.setString(1, state.rule());
            up.setString(2, state.level());
            up.setInt(3, state.severity());
            up.setLong(4, state.since());
            up.setLong(5, seq);
            up.setBytes(6, retained);
            up.setString(7, state.acknowledgedBy());
            up.setLong(8, state.acknowledgedAt());
            up.executeUpdate();
        }
    }

    /** The rule has no alarm any more. */
    static void forgetAlarm(Connection c, String rule) throws SQLException {
        try (PreparedStatement d = c.prepareStatement("DELETE FROM alarm_state WHERE rule = ?")) {
            d.setString(1, rule);
            d.executeUpdate();
        }
    }

    /** An alert that could not be stored when it happened: its rows (unless acknowledged) and alarm state. */
    void storeUnstored(Connection c, UnstoredAlert alert, boolean acknowledged) throws SQLException {
        long bytes = 0;
        long id = OutboxSchema.lastId(c);
        List<OutgoingMessage> rows = acknowledged ? List.of() : alert.messages();
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO outbox(id, seq, lane, topic, retained,"
                + " payload, created_at) VALUES (?,?,?,?,?,?,?)")) {
            for (OutgoingMessage m : rows) {
                byte[] blob = StoredPayload.encode(m.payload());
                insert.setLong(1, ++id);
                insert.setLong(2, alert.seq());
                insert.setInt(3, OutboxSchema.laneCode(Lane.ALERT));
                insert.setString(4, m.topic());
                insert.setInt(5, m.retained() ? 1 : 0);
                insert.setBytes(6, blob);
                insert.setLong(7, alert.createdAt());
                insert.executeUpdate();
                bytes += blob.length;
            }
        }
        if (alert.state() == null) {
            forgetAlarm(c, alert.rule());
        } else {
            byte[] retained = alert.messages().stream().filter(OutgoingMessage::retained)
                    .map(OutgoingMessage::payload).findFirst().orElse(new byte[0]);
            recordAlarm(c, alert.state(), alert.seq(), retained);
        }
        try (PreparedStatement update = c.prepareStatement("UPDATE meta SET value = CASE key"
                + " WHEN 'last_seq' THEN max(value, ?) WHEN 'last_id' THEN ? WHEN 'rows' THEN value + ?"
                + " WHEN 'bytes' THEN value + ? END WHERE key IN ('last_seq', 'last_id', 'rows', 'bytes')")) {
            update.setLong(1, alert.seq());
            update.setLong(2, id);
            update.setLong(3, rows.size());
            update.setLong(4, bytes);
            update.executeUpdate();
        }
    }

    /** Applies a group commit's staged fragments: drops the closed (or all) streams, adds the new ones. */
    void restage(Connection c, GroupCommit tick) throws SQLException {
        if (tick.restage()) {
            try (Statement s = c.createStatement()) {
                s.executeUpdate("DELETE FROM staged");
            }
        } else if (!tick.closed().isEmpty()) {
            try (PreparedStatement d = c.prepareStatement("DELETE FROM staged WHERE stream = ?")) {
                for (String stream : tick.closed()) {
                    d.setString(1, stream);
                    d.executeUpdate();
                }
            }
        }
    }

    void stage(Connection c, List<StagedFragment> staged) throws SQLException {
        if (!staged.isEmpty()) {
            try (PreparedStatement ins = c.prepareStatement("INSERT INTO staged(stream, data) VALUES (?,?)")) {
                for (StagedFragment f : staged) {
                    ins.setString(1, f.stream());
                    ins.setBytes(2, f.data());
                    ins.executeUpdate();
                }
            }
        }
    }

    /**
     * Inserts the messages, each with the next seq, inside the caller's transaction, and updates the
     * totals and the seq reservation. With {@code leaveOutRefused}, a telemetry message the budget
     * refuses gets seq 0 and no seq is spent on it; otherwise the refusal fails the transaction.
     */
    long[] insertMessages(Connection c, List<PendingAppend> appends, AfterInsert after,
                          boolean leaveOutRefused) throws SQLException {
        long[] seqs = new long[appends.size()];
        long seq = Math.max(OutboxSchema.readLastSeq(c), reservation.outside()); // above seqs alerts took without us
        long id = OutboxSchema.lastId(c);
        long now = clock.millis();
        long rows = 0;
        long bytes = 0;
        DiskBudget.Eviction eviction = budget.new Eviction();
        try (PreparedStatement insert = c.prepareStatement(
                "INSERT INTO outbox(id, seq, lane, topic, retained, payload, created_at) VALUES (?,?,?,?,?,?,?)")) {
            for (int i = 0; i < appends.size(); i++) {
                PendingAppend a = appends.get(i);
                List<OutgoingMessage> messages = a.payloads().forSeq(seq + 1);
                if (messages == null || messages.isEmpty()) {
                    throw new IllegalArgumentException("no messages for seq " + (seq + 1));
                }
                List<byte[]> stored = new ArrayList<>(messages.size());
                long need = 0;
                for (OutgoingMessage m : messages) {
                    byte[] blob = StoredPayload.encode(m.payload());
                    stored.add(blob);
                    need += DiskBudget.rowCost(blob, m.topic());
                }
                try {
                    budget.makeRoom(c, a.lane(), need, eviction);
                } catch (SqliteErrors.BudgetFull e) {
                    if (!leaveOutRefused) {
                        throw e;
                    }
                    log.error("{}", e.getMessage());
                    continue; // seqs[i] stays 0
                }
                seq++;
                for (int j = 0; j < messages.size(); j++) {
                    OutgoingMessage m = messages.get(j);
                    insert.setLong(1, ++id);
                    insert.setLong(2, seq);
                    insert.setInt(3, OutboxSchema.laneCode(a.lane()));
                    insert.setString(4, m.topic());
                    insert.setInt(5, m.retained() ? 1 : 0);
                    insert.setBytes(6, stored.get(j));
                    insert.setLong(7, now);
                    insert.executeUpdate();
                    rows++;
                    bytes += stored.get(j).length;
                }
                if (after != null) {
                    after.run(c, seq, messages);
                }
                seqs[i] = seq;
            }
        }
        if (rows > 0) {
            try (PreparedStatement update = c.prepareStatement("UPDATE meta SET value = CASE key"
                    + " WHEN 'last_seq' THEN ? WHEN 'last_id' THEN ? WHEN 'rows' THEN value + ? WHEN 'bytes'"
                    + " THEN value + ? END WHERE key IN ('last_seq', 'last_id', 'rows', 'bytes')")) {
                update.setLong(1, seq);
                update.setLong(2, id);
                update.setLong(3, rows);
                update.setLong(4, bytes);
                update.executeUpdate();
            }
        }
        eviction.record(c, now);
        try {
            reservation.cover(seq); // before the commit: no committed seq is ever above the mark
        } catch (IOException e) {
            throw new SQLException("cannot write " + seqFile + ": " + e, e);
        }
        return seqs;
    }

    /** Moves the row to the dead letters; false when it is gone already. */
    boolean deadLetter(Connection c, long id, String reason, int attempts) throws SQLException {
        long bytes;
        try (PreparedStatement q = c.prepareStatement("SELECT length(payload) FROM outbox WHERE id = ?")) {
            q.setLong(1, id);
            try (ResultSet rs = q.executeQuery()) {
                if (!rs.next()) {
                    return false;
                }
                bytes = rs.getLong(1);
            }
        }
        try (PreparedStatement ins = c.prepareStatement("INSERT INTO dead_letters(outbox_id, seq, lane, topic,"
                + " retained, payload, created_at, reason, attempts, at) SELECT id, seq, lane, topic, retained,"
                + " payload, created_at, ?, ?, ? FROM outbox WHERE id = ?")) {
            ins.setString(1, reason);
            ins.setInt(2, attempts);
            ins.setLong(3, clock.millis());
            ins.setLong(4, id);
            ins.executeUpdate();
        }
        try (PreparedStatement d = c.prepareStatement("DELETE FROM outbox WHERE id = ?")) {
            d.setLong(1, id);
            d.executeUpdate();
        }
        try (PreparedStatement u = c.prepareStatement("UPDATE meta SET value = CASE key WHEN 'rows' THEN value - 1"
                + " WHEN 'bytes' THEN value - ? ELSE value + 1 END WHERE key IN ('rows', 'bytes', 'dead')")) {
            u.setLong(1, bytes);
            u.executeUpdate();
        }
        try (PreparedStatement d = c.prepareStatement("DELETE FROM delivery_attempts WHERE outbox_id = ?")) {
            d.setLong(1, id);
            d.executeUpdate();
        }
        return true; // kept until requeued or evicted under the budget (announced), never quietly
    }

    /** Copies rows salvaged from a damaged store in, keeping their seq, order and times. */
    static void insertSalvaged(Connection c, List<StoreSalvage.Row> rows) throws SQLException {
        long bytes = 0;
        try (PreparedStatement insert = c.prepareStatement(
                "INSERT INTO outbox(seq, lane, topic, retained, payload, created_at) VALUES (?,?,?,?,?,?)")) {
            for (StoreSalvage.Row r : rows) {
                insert.setLong(1, r.seq());
                insert.setInt(2, r.lane() == 0 ? 0 : 1);
                insert.setString(3, r.topic());
                insert.setInt(4, r.retained() ? 1 : 0);
                insert.setBytes(5, r.payload());
                insert.setLong(6, r.createdAt());
                insert.addBatch();
                bytes += r.payload().length;
            }
            insert.executeBatch();
        }
        try (PreparedStatement u = c.prepareStatement("UPDATE meta SET value = CASE key WHEN 'rows' THEN value + ?"
                + " ELSE value + ? END WHERE key IN ('rows', 'bytes')")) {
            u.setLong(1, rows.size());
            u.setLong(2, bytes);
            u.executeUpdate();
        }
    }
}
