package org.fieldgate.gateway.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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
import org.sqlite.SQLiteException;

/**
 * The outbox in one SQLite file in WAL mode (LIBRARY-NOTES A.4; {@code docs/storage.md}).
 *
 * <p><b>Threads.</b> All writes run on one writer thread that owns the only writing connection,
 * each in a {@code BEGIN IMMEDIATE} transaction, so there is never a read-to-write upgrade and never
 * a second writer. Reads ({@link #page}, {@link #stats}) borrow a reading connection from a small
 * pool: a connection is used by one thread at a time and never shared concurrently.
 *
 * <p><b>Durability.</b> WAL with {@code synchronous=FULL}: every commit is fsynced before it
 * returns, so a power cut loses nothing the gateway reported as stored. The cost (one fsync, and
 * the pages it touched, per transaction) is paid once a second: the pipeline's group
 * {@link #commit} carries all that arrived (messages and {@link StagedFragment staged fragments}),
 * acknowledged rows are deleted inside it ({@link #deleteAll} defers), payloads are stored deflated
 * ({@link StoredPayload}), new stores use small pages and no pointer map (docs/storage.md).
 *
 * <p><b>Budget.</b> Database plus WAL stay within {@code maxBytes}: the WAL is capped (checkpointed
 * early and cut back), and before an append would push the pages in use past the rest of the budget,
 * the oldest TELEMETRY rows are evicted in the same transaction, down to 90 % (never ALERT rows).
 * Each eviction is recorded as a seq range in {@code evictions}. Freed pages are reused by later
 * appends, so the file stops growing; the periodic task hands a large free list back to the
 * filesystem once a backlog has drained (VACUUM, or incremental_vacuum on older stores).
 *
 * <p><b>Damage.</b> {@link #open} never refuses a damaged store: a damaged WAL tail is reported
 * (SQLite keeps every transaction committed before the damage) and the seq continues above the
 * reservation mark ({@link SeqReservation}); a database that is not one, fails
 * {@code PRAGMA quick_check} or has an unreadable schema is moved aside, loudly, to
 * {@code <name>.corrupt-<UTC time>} (with its {@code -wal}/{@code -shm}), what can be read of it is
 * copied into a new store, and seqs continue above everything it had.
 *
 * <p><b>Full disk.</b> An append that hits SQLITE_FULL or an I/O error fails with a
 * {@link StoreException}; nothing is half-written (the transaction rolls back), {@link #health()}
 * says "unwritable since …", and the next append that succeeds clears it.
 */
public final class SqliteOutboxStore implements OutboxStore {

    private static final Logger log = LoggerFactory.getLogger(SqliteOutboxStore.class);

    static final int SCHEMA_VERSION = 3;
    /**
     * Page size of new stores. Every commit writes each page it touched to the WAL, so small pages
     * write fewer bytes per one-second commit (docs/storage.md, "Disk writes"); stores made with
     * another page size keep theirs.
     */
    static final int NEW_PAGE_SIZE = 512;
    /** Acknowledged rows wait at most this long for a transaction to delete them in. */
    private static final long DELETE_DELAY_MS = 2000;
    private static final int BUSY_TIMEOUT_MS = 10_000;
    /** The WAL never needs more than this, however large the budget. */
    private static final long WAL_CAP_MAX = 8L * 1024 * 1024;
    private static final long WAL_CAP_MIN = 64L * 1024;
    private static final long CHECKPOINT_EVERY_S = 300;
    /** Evictions bring the pages in use down to this share of the data budget. */
    private static final double EVICT_TO = 0.90;
    /** Per-row cost beyond topic and payload (record header, index entry, b-tree slack), estimated. */
    private static final int ROW_OVERHEAD = 48;
    private static final int MAX_EVICTION_ROWS = 1000;
    private static final DateTimeFormatter ASIDE_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final Path file;
    private final Clock clock;
    private final long maxBytes;
    private final long walCap;
    private final SeqReservation reservation;
    private final ScheduledThreadPoolExecutor writer;
    private final ConcurrentLinkedDeque<Connection> idleReaders = new ConcurrentLinkedDeque<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Acknowledged row ids whose deletion rides on the next transaction ({@link #deleteAll}). */
    private final Set<Long> deletesDue = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean deleteTaskScheduled = new AtomicBoolean();
    /** When the oldest id in {@link #deletesDue} came (System.nanoTime). */
    private volatile long deletesWaitingSince;
    /** Touched only on the writer thread. */
    private Connection writeConnection;
    /** Ids deleted by the transaction in progress (writer thread). */
    private List<Long> deleting = List.of();
    private long pageSize = 4096;
    private volatile long unwritableSince;
    private volatile String writeError;
    private volatile StoreHealth.Recovery recovery;

    private SqliteOutboxStore(Path file, Clock clock, long maxBytes) {
        this.file = file;
        this.clock = clock;
        this.maxBytes = maxBytes;
        this.walCap = Math.max(WAL_CAP_MIN, Math.min(WAL_CAP_MAX, maxBytes / 8));
        this.reservation = SeqReservation.at(seqFile(file));
        this.writer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "outbox-writer");
            t.setDaemon(true);
            return t;
        });
        writer.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        writer.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
    }

    /** {@link #open(Path, Clock, long)} without a disk budget (tests, tools). */
    public static SqliteOutboxStore open(Path file, Clock clock) throws StoreException {
        return open(file, clock, Long.MAX_VALUE);
    }

    /**
     * Opens (creating it and its parent folders when missing) the outbox at {@code file}, repairing
     * or replacing it when it is damaged (see the class comment; {@link #health()} tells what was
     * done).
     *
     * @param maxBytes disk budget for database + WAL ({@code storage.max_size})
     * @throws StoreException naming the file when its folder cannot be created, it cannot be opened
     *                        for another reason than damage (permissions, a full disk), or it was
     *                        made by a newer schema
     */
    public static SqliteOutboxStore open(Path file, Clock clock, long maxBytes) throws StoreException {
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("maxBytes must be positive: " + maxBytes);
        }
        Path abs = file.toAbsolutePath();
        try {
            Path parent = abs.getParent();
            if (parent != null) {
                PrivateFiles.folder(parent); // 0700 for the folders it creates
            }
        } catch (IOException e) {
            throw new StoreException("outbox " + abs + ": cannot create its folder: " + e, e);
        }
        if (abs.getParent() != null) {
            SqliteNativeLibrary.useCopyIn(abs.getParent());
        }
        WalInspector.Report wal = inspectWal(abs);
        String damagedWalCopy = null;
        if (wal.damaged()) {
            damagedWalCopy = keepDamagedWal(abs);
        }
        SqliteOutboxStore store = new SqliteOutboxStore(abs, clock, maxBytes);
        try {
            store.start(Files.exists(abs) && sizeOrZero(abs) > 0);
        } catch (DamagedStore e) {
            store.close();
            return replaceDamaged(abs, clock, maxBytes, e.getCause() != null ? e.getCause().getMessage() : e.getMessage());
        }
        if (wal.damaged()) {
            store.afterWalDamage(wal, damagedWalCopy);
        } else if (wal.unfinishedFrames() > 0) {
            log.warn("outbox {}: an unfinished write ({} WAL frame(s) after the last commit) was rolled back;"
                    + " it was never reported as stored", abs, wal.unfinishedFrames());
        }
        log.info("outbox {} open, last seq {}, budget {} bytes", abs, store.stats().lastSeq(),
                maxBytes == Long.MAX_VALUE ? "none" : maxBytes);
        return store;
    }

    private static Path seqFile(Path db) {
        return Path.of(db + ".seq");
    }

    private static WalInspector.Report inspectWal(Path db) {
        try {
            return WalInspector.inspect(Path.of(db + "-wal"));
        } catch (IOException e) {
            log.warn("outbox {}: cannot read its WAL to check it: {}", db, e.toString());
            return new WalInspector.Report(false, 0, 0, 0, false);
        }
    }

    /**
     * Keeps a copy of a damaged WAL for a post-mortem (SQLite will overwrite it), and removes the
     * shared-memory index so SQLite rebuilds it from the WAL rather than trusting a stale one.
     */
    private static String keepDamagedWal(Path db) {
        Path wal = Path.of(db + "-wal");
        Path copy = Path.of(db + "-wal.damaged-" + ASIDE_TIME.format(java.time.Instant.now()));
        try {
            Files.copy(wal, copy, StandardCopyOption.REPLACE_EXISTING);
            Files.deleteIfExists(Path.of(db + "-shm"));
            return copy.toString();
        } catch (IOException e) {
            log.warn("outbox {}: cannot keep a copy of its damaged WAL: {}", db, e.toString());
            return null;
        }
    }

    /** Opens the writing connection (checking the file first when it existed) and a reader. */
    private void start(boolean existed) throws StoreException {
        PrivateFiles.database(file); // 0600, and so its -wal and -shm
        try {
            onWriter("open", c -> {
                if (existed) {
                    quickCheck(c);
                }
                createSchema(c);
                return null;
            });
            giveBack(borrowReader("open"), true); // a reader must work too
        } catch (StoreException e) {
            close();
            if (e.getCause() instanceof NewerSchema ns) {
                throw new StoreException(ns.getMessage(), ns);
            }
            if (e.getCause() instanceof SQLException sql && isDamage(sql)) {
                throw new DamagedStore(sql.getMessage(), sql);
            }
            throw e;
        } catch (SQLException e) {
            close();
            if (isDamage(e)) {
                throw new DamagedStore(e.getMessage(), e);
            }
            throw failure("open", e);
        }
        writer.scheduleWithFixedDelay(this::housekeeping, CHECKPOINT_EVERY_S, CHECKPOINT_EVERY_S, TimeUnit.SECONDS);
    }

    private void quickCheck(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA quick_check(5)")) {
            StringBuilder out = new StringBuilder();
            while (rs.next()) {
                if (out.length() > 0) {
                    out.append("; ");
                }
                out.append(rs.getString(1));
            }
            if (!"ok".contentEquals(out)) {
                throw new Damage("quick_check: " + out);
            }
        }
    }

    /** After SQLite dropped a damaged WAL tail: continue above every seq that may have been used. */
    private void afterWalDamage(WalInspector.Report wal, String walCopy) throws StoreException {
        long[] range = onWriter("recover", c -> inTransaction(c, () -> {
            long last = readLastSeq(c);
            long reserved = reservation.reserved();
            if (reserved > last) {
                try (PreparedStatement u = c.prepareStatement("UPDATE meta SET value = ? WHERE key = 'last_seq'")) {
                    u.setLong(1, reserved);
                    u.executeUpdate();
                }
                return new long[]{last + 1, reserved};
            }
            return new long[]{0, 0};
        }));
        String seqs = range[0] > 0 ? "seqs " + range[0] + ".." + range[1] + " may be missing (new seqs start at "
                + (range[1] + 1) + ")" : "missing seqs unknown";
        String summary = wal.describe() + "; rows lost: unknown; " + seqs;
        recovery = new StoreHealth.Recovery(summary, null, 0, -1, range[0], range[1]);
        log.error("outbox {}: {}; damaged WAL kept as {}", file, summary, walCopy);
    }

    /** Moves a damaged store aside, starts a new one, and copies into it what can be read. */
    private static SqliteOutboxStore replaceDamaged(Path db, Clock clock, long maxBytes, String why)
            throws StoreException {
        Path aside = Path.of(db + ".corrupt-" + ASIDE_TIME.format(clock.instant()));
        for (int i = 1; Files.exists(aside); i++) {
            aside = Path.of(db + ".corrupt-" + ASIDE_TIME.format(clock.instant()) + "-" + i);
        }
        try {
            Files.move(db, aside);
            for (String suffix : new String[]{"-wal", "-shm"}) {
                Path p = Path.of(db + suffix);
                if (Files.exists(p)) {
                    Files.move(p, Path.of(aside + suffix));
                }
            }
        } catch (IOException e) {
            throw new StoreException("outbox " + db + " is damaged (" + why + ") and cannot be moved aside: " + e, e);
        }
        log.error("outbox {} is DAMAGED ({}): moved it aside to {} (with its -wal/-shm) and started a new, empty"
                + " store at {}; salvaging what can still be read", db, why, aside, db);
        SqliteOutboxStore store = new SqliteOutboxStore(db, clock, maxBytes);
        store.start(false);
        StoreSalvage.Result r = StoreSalvage.salvage(aside, rows -> store.insertSalvaged(rows));
        long floor = Math.max(Math.max(r.lastSeq(), r.maxSeq()), store.reservation.reserved());
        store.onWriter("recover", c -> inTransaction(c, () -> {
            try (PreparedStatement u = c.prepareStatement(
                    "UPDATE meta SET value = max(value, ?) WHERE key = 'last_seq'")) {
                u.setLong(1, floor);
                u.executeUpdate();
            }
            return null;
        }));
        long lost = r.claimed() >= 0 ? Math.max(0, r.claimed() - r.salvaged()) : -1;
        String summary = "damaged store moved aside (" + why + "); salvaged " + r.salvaged() + " row(s)"
                + (r.holes() > 0 ? " around " + r.holes() + " unreadable region(s)" : "")
                + "; rows lost: " + (lost >= 0 ? lost : "unknown") + "; new seqs start at " + (floor + 1);
        store.recovery = new StoreHealth.Recovery(summary, aside.toString(), r.salvaged(), lost, 0, 0);
        log.error("outbox {}: {}", db, summary);
        return store;
    }

    /** The database file. */
    public Path file() {
        return file;
    }

    @Override
    public long append(Lane lane, SeqPayloads payloads) throws StoreException {
        return appendAll(lane, List.of(payloads))[0];
    }

    /**
     * Appends several messages in one transaction (one fsync): each gets its own seq, in list order.
     * For bulk loads (tests, imports); the pipeline appends one message per call, so a failure
     * never takes other messages with it.
     *
     * @return the assigned seqs, in list order
     */
    public long[] appendAll(Lane lane, List<SeqPayloads> batch) throws StoreException {
        return appendAll(lane, batch, null);
    }

    @Override
    public long appendAlarm(SeqPayloads payloads, AlarmState state) throws StoreException {
        return appendAll(Lane.ALERT, List.of(payloads), (c, seq, messages) -> {
            byte[] retained = messages.stream().filter(OutgoingMessage::retained).map(OutgoingMessage::payload)
                    .findFirst().orElseThrow(() -> new IllegalArgumentException("no retained alarm message"));
            recordAlarm(c, state, seq, retained);
        })[0];
    }

    private static void recordAlarm(Connection c, AlarmState state, long seq, byte[] retained) throws SQLException {
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

    /** Takes a seq in the reservation file, on the writer thread so that no append races it. */
    @Override
    public long reserveSeq() throws StoreException {
        try {
            return writer.submit(reservation::takeAbove).get();
        } catch (ExecutionException e) {
            throw new StoreException("outbox " + file + ": cannot take a seq in " + seqFile(file) + ": "
                    + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("outbox " + file + ": interrupted while taking a seq", e);
        } catch (RejectedExecutionException e) {
            throw new StoreException("outbox " + file + ": store is closed", e);
        }
    }

    @Override
    public void storeUnstored(UnstoredAlert alert, boolean acknowledged) throws StoreException {
        onWriter("append", true, c -> inTransaction(c, () -> {
            long bytes = 0;
            long id = lastId(c);
            List<OutgoingMessage> rows = acknowledged ? List.of() : alert.messages();
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO outbox(id, seq, lane, topic, retained,"
                    + " payload, created_at) VALUES (?,?,?,?,?,?,?)")) {
                for (OutgoingMessage m : rows) {
                    byte[] blob = StoredPayload.encode(m.payload());
                    insert.setLong(1, ++id);
                    insert.setLong(2, alert.seq());
                    insert.setInt(3, laneCode(Lane.ALERT));
                    insert.setString(4, m.topic());
                    insert.setInt(5, m.retained() ? 1 : 0);
                    insert.setBytes(6, blob);
                    insert.setLong(7, alert.createdAt());
                    insert.executeUpdate();
                    bytes += blob.length;
                }
            }
            if (alert.state() == null) {
                try (PreparedStatement d = c.prepareStatement("DELETE FROM alarm_state WHERE rule = ?")) {
                    d.setString(1, alert.rule());
                    d.executeUpdate();
                }
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
            return null;
        }));
    }

    @Override
    public long removeAlarm(String rule, SeqPayloads payloads) throws StoreException {
        return appendAll(Lane.ALERT, List.of(payloads), (c, seq, messages) -> {
            try (PreparedStatement d = c.prepareStatement("DELETE FROM alarm_state WHERE rule = ?")) {
                d.setString(1, rule);
                d.executeUpdate();
            }
        })[0];
    }

    @Override
    public List<StoredAlarm> alarmStates() throws StoreException {
        return onReader("alarm states", c -> {
            List<StoredAlarm> out = new ArrayList<>();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT rule, level, severity, since,"
                    + " seq, payload, acknowledged_by, acknowledged_at FROM alarm_state ORDER BY rule")) {
                while (rs.next()) {
                    out.add(new StoredAlarm(new AlarmState(rs.getString(1), rs.getString(2), rs.getInt(3),
                            rs.getLong(4), rs.getString(7), rs.getLong(8)), rs.getLong(5), rs.getBytes(6)));
                }
            }
            return out;
        });
    }

    /** Work done inside an append transaction after the rows of one seq are inserted. */
    @FunctionalInterface
    private interface AfterInsert {
        void run(Connection c, long seq, List<OutgoingMessage> messages) throws SQLException;
    }

    private long[] appendAll(Lane lane, List<SeqPayloads> batch, AfterInsert after) throws StoreException {
        if (batch.isEmpty()) {
            return new long[0];
        }
        List<PendingAppend> appends = new ArrayList<>(batch.size());
        for (SeqPayloads p : batch) {
            appends.add(new PendingAppend(lane, p));
        }
        return onWriter("append", true, c -> inTransaction(c, () -> {
            applyDueDeletes(c);
            return insertMessages(c, appends, after, false);
        }));
    }

    @Override
    public long[] commit(GroupCommit tick) throws StoreException {
        if (tick.isEmpty()) {
            return new long[0];
        }
        return onWriter("append", true, c -> inTransaction(c, () -> {
            applyDueDeletes(c);
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
            long[] seqs = insertMessages(c, tick.appends(), null, true);
            if (!tick.staged().isEmpty()) {
                try (PreparedStatement ins = c.prepareStatement("INSERT INTO staged(stream, data) VALUES (?,?)")) {
                    for (StagedFragment f : tick.staged()) {
                        ins.setString(1, f.stream());
                        ins.setBytes(2, f.data());
                        ins.executeUpdate();
                    }
                }
            }
            return seqs;
        }));
    }

    @Override
    public List<StagedFragment> staged() throws StoreException {
        return onReader("staged", c -> {
            List<StagedFragment> out = new ArrayList<>();
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT stream, data FROM staged ORDER BY id")) {
                while (rs.next()) {
                    out.add(new StagedFragment(rs.getString(1), rs.getBytes(2)));
                }
            }
            return out;
        });
    }

    /**
     * Inserts the messages, each with the next seq, inside the caller's transaction, and updates the
     * totals and the seq reservation. With {@code leaveOutRefused}, a telemetry message the budget
     * refuses gets seq 0 and no seq is spent on it; otherwise the refusal fails the transaction.
     */
    private long[] insertMessages(Connection c, List<PendingAppend> appends, AfterInsert after,
                                  boolean leaveOutRefused) throws SQLException {
        long[] seqs = new long[appends.size()];
        long seq = Math.max(readLastSeq(c), reservation.outside()); // above seqs alerts took without us
        long id = lastId(c);
        long now = clock.millis();
        long rows = 0;
        long bytes = 0;
        Eviction eviction = new Eviction();
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
                    need += blob.length + m.topic().length() + ROW_OVERHEAD;
                }
                try {
                    makeRoom(c, a.lane(), need, eviction);
                } catch (BudgetFull e) {
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
                    insert.setInt(3, laneCode(a.lane()));
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
            throw new SQLException("cannot write " + seqFile(file) + ": " + e, e);
        }
        return seqs;
    }

    /** Evicted telemetry within one append transaction; becomes one row of {@code evictions}. */
    private final class Eviction {
        long firstSeq;
        long lastSeq;
        long count;

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
    private void makeRoom(Connection c, Lane lane, long need, Eviction eviction) throws SQLException {
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
                throw new BudgetFull("outbox " + file + ": disk budget of " + maxBytes
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
            q.setInt(1, laneCode(Lane.TELEMETRY));
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
            d.setInt(1, laneCode(Lane.TELEMETRY));
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

    /** Copies rows salvaged from a damaged store in, keeping their seq, order and times. */
    private void insertSalvaged(List<StoreSalvage.Row> rows) throws StoreException {
        onWriter("salvage", c -> inTransaction(c, () -> {
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
            return null;
        }));
    }

    @Override
    public List<StoredMessage> page(Lane lane, long afterId, int limit) throws StoreException {
        if (limit <= 0) {
            return List.of();
        }
        return onReader("page", c -> {
            // the lane as a literal: alerts are found through their partial index, telemetry through the
            // row ids (alert rows are few, so skipping them costs nothing)
            try (PreparedStatement q = c.prepareStatement(
                    "SELECT id, seq, topic, retained, payload, created_at FROM outbox"
                            + " WHERE lane = " + laneCode(lane) + " AND id > ? ORDER BY id LIMIT ?")) {
                q.setLong(1, afterId);
                q.setInt(2, limit);
                List<StoredMessage> rows = new ArrayList<>(Math.min(limit, 256));
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        long id = rs.getLong(1);
                        if (deletesDue.contains(id)) {
                            continue; // acknowledged; deleted with the next transaction
                        }
                        byte[] payload;
                        try {
                            payload = StoredPayload.decode(rs.getBytes(5));
                        } catch (IllegalArgumentException e) {
                            throw new SQLException("outbox row " + id + ": " + e.getMessage(), e);
                        }
                        rows.add(new StoredMessage(id, rs.getLong(2), lane, rs.getString(3),
                                rs.getInt(4) != 0, payload, rs.getLong(6)));
                    }
                }
                return rows;
            }
        });
    }

    @Override
    public void delete(long id) throws StoreException {
        deleteAll(List.of(id));
    }

    /**
     * Deferred: the ids are deleted in the next transaction (the pipeline's one-second commit), or by
     * the writer thread within {@value #DELETE_DELAY_MS} ms when none comes, so an acknowledgement
     * costs no disk sync of its own. Until then {@link #page} leaves the rows out; {@link #stats} and
     * {@link #close} delete them first. A crash before that publishes them again (duplicates).
     */
    @Override
    public void deleteAll(Collection<Long> ids) throws StoreException {
        if (ids.isEmpty()) {
            return;
        }
        if (closed.get()) {
            throw new StoreException("outbox " + file + ": delete failed: store is closed");
        }
        if (deletesDue.isEmpty()) {
            deletesWaitingSince = System.nanoTime();
        }
        deletesDue.addAll(ids);
        if (deleteTaskScheduled.compareAndSet(false, true)) {
            try {
                writer.schedule(() -> deleteDueNow(false), DELETE_DELAY_MS, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                deleteTaskScheduled.set(false); // closing: close() deletes them
            }
        }
    }

    /**
     * On the writer thread: deletes the acknowledged rows still waiting, in a transaction of their
     * own; for the timer ({@code !now}) only when they waited long enough, else it looks again later.
     */
    private void deleteDueNow(boolean now) {
        if (!now) {
            deleteTaskScheduled.set(false);
        }
        if (deletesDue.isEmpty() || writeConnection == null && closed.get()) {
            return;
        }
        long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - deletesWaitingSince);
        if (!now && !closed.get() && waited < DELETE_DELAY_MS && deleteTaskScheduled.compareAndSet(false, true)) {
            writer.schedule(() -> deleteDueNow(false), DELETE_DELAY_MS - waited, TimeUnit.MILLISECONDS);
            return;
        }
        try {
            Connection c = writeConnection();
            inTransaction(c, () -> {
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
    private void applyDueDeletes(Connection c) throws SQLException {
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
        deleting = ids; // leave deletesDue once the transaction committed (see onWriter)
    }

    /** On the writer thread, after the work of a write ended: committed or rolled back. */
    private void deletesDone(boolean committed) {
        if (committed && !deleting.isEmpty()) {
            deletesWaitingSince = System.nanoTime(); // what is left came after this transaction began
            deletesDue.removeAll(deleting);
        }
        deleting = List.of();
    }

    /** Deletes the acknowledged rows still waiting, now. */
    private void flushDueDeletes(String op) throws StoreException {
        if (deletesDue.isEmpty()) {
            return;
        }
        onWriter(op, c -> inTransaction(c, () -> {
            applyDueDeletes(c);
            return null;
        }));
    }

    @Override
    public void deadLetter(long id, String reason) throws StoreException {
        deadLetter(id, reason, 0);
    }

    @Override
    public void deadLetter(long id, String reason, int attempts) throws StoreException {
        boolean moved = onWriter("dead-letter", c -> inTransaction(c, () -> {
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
        }));
        if (moved) {
            log.error("outbox {}: row {} moved to the dead letters after {} attempt(s): {}", file, id, attempts, reason);
        }
    }

    @Override
    public Map<Long, DeadLetters.Attempts> deliveryAttempts() throws StoreException {
        return onReader("delivery attempts", DeadLetters::attempts);
    }

    @Override
    public void recordAttempts(long id, DeadLetters.Attempts attempts) throws StoreException {
        onWriter("delivery attempts", c -> inTransaction(c, () -> {
            DeadLetters.recordAttempts(c, id, attempts, clock.millis());
            return null;
        }));
    }

    @Override
    public List<DeadLetters.Entry> listDeadLetters() throws StoreException {
        return onReader("dead letters", DeadLetters::list);
    }

    @Override
    public Set<Long> requeueDeadLetters(Collection<Long> seqs) throws StoreException {
        return onWriter("requeue", c -> inTransaction(c, () -> DeadLetters.requeue(c, seqs)));
    }

    @Override
    public BacklogStats stats() throws StoreException {
        // Counts come from totals kept in meta by the same transactions that change the rows: a
        // count(*)/sum() would read the whole table, up to the 2 GB budget, every health minute.
        // The oldest row is the lowest id (commit order), found through the primary key.
        // One statement, so everything comes from one snapshot. Deferred deletes go first, so the
        // totals count what waits.
        flushDueDeletes("stats");
        return onReader("stats", c -> {
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT (SELECT value FROM meta WHERE key = 'rows'),"
                         + " (SELECT value FROM meta WHERE key = 'bytes'),"
                         + " coalesce((SELECT created_at FROM outbox ORDER BY id LIMIT 1), 0),"
                         + " (SELECT value FROM meta WHERE key = 'last_seq'),"
                         + " (SELECT value FROM meta WHERE key = 'dead'),"
                         + " (SELECT value FROM meta WHERE key = 'evicted')")) {
                rs.next();
                return new BacklogStats(rs.getLong(1), rs.getLong(2), rs.getLong(3), fileBytes(), rs.getLong(4),
                        rs.getLong(5), rs.getLong(6));
            }
        });
    }

    @Override
    public StoreHealth health() {
        long since = unwritableSince;
        return new StoreHealth(since == 0, since, since == 0 ? null : writeError, recovery);
    }

    @Override
    public List<EvictedRange> recentEvictions(int limit) throws StoreException {
        if (limit <= 0) {
            return List.of();
        }
        return onReader("evictions", c -> {
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
        });
    }

    /** The newest {@code limit} dead letters, oldest first, one line each. */
    public List<String> deadLetterReasons(int limit) throws StoreException {
        return onReader("dead letters", c -> {
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

    /**
     * Test hook: caps the database at {@code pages} pages on the writing connection
     * ({@code PRAGMA max_page_count}), so that appends past it fail with SQLITE_FULL exactly like a
     * full disk. A large value lifts the cap.
     */
    void limitPages(long pages) throws StoreException {
        onWriter("limit pages", c -> {
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA max_page_count = " + pages);
            }
            return null;
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
                deleteDueNow(true);
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

    private <T> T onWriter(String op, SqlWork<T> work) throws StoreException {
        return onWriter(op, false, work);
    }

    /**
     * Runs {@code work} on the writer thread and waits for it. The wait is not interruptible: once
     * a write is handed over, the caller learns whether it was committed. An append that fails
     * because the disk is full or failing marks the store unwritable; the next one that succeeds
     * clears it.
     */
    private <T> T onWriter(String op, boolean isAppend, SqlWork<T> work) throws StoreException {
        if (closed.get()) {
            throw new StoreException("outbox " + file + ": " + op + " failed: store is closed");
        }
        Future<T> f;
        try {
            f = writer.submit(() -> {
                boolean committed = false;
                try {
                    T result = work.run(writeConnection());
                    committed = true;
                    if (isAppend) {
                        writable();
                    }
                    return result;
                } catch (SQLException e) {
                    if (isDiskTrouble(e)) {
                        unwritable(op, e);
                    }
                    throw e;
                } finally {
                    deletesDone(committed);
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
                    if (cause instanceof BudgetFull bf) {
                        throw new StoreException(bf.getMessage(), bf);
                    }
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

    /** On the writer thread, after a write failed for lack of space or an I/O error. */
    private void unwritable(String op, SQLException e) {
        writeError = op + ": " + e.getMessage();
        if (unwritableSince == 0) {
            unwritableSince = clock.millis();
            log.error("outbox {}: cannot write ({}): storing is suspended, rules and alarms keep running;"
                    + " it resumes by itself when space returns", file, writeError);
        }
        if (primaryCode(e) == 10) {
            // after an I/O error start again on a fresh connection rather than trust this one
            closeQuietly(writeConnection);
            writeConnection = null;
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

    /** Opens the writing connection on first use (on the writer thread). */
    private Connection writeConnection() throws SQLException {
        if (writeConnection == null) {
            SQLiteConfig cfg = baseConfig();
            // FULL: a commit we reported is on the medium before append returns, even across a power
            // cut (see the class comment and docs/storage.md).
            cfg.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
            cfg.setJournalSizeLimit((int) walCap);
            Connection c = connect(cfg);
            try (Statement s = c.createStatement()) {
                // the page size first: only a new, empty file takes it, and only before WAL mode is set
                s.execute("PRAGMA page_size = " + NEW_PAGE_SIZE);
                s.execute("PRAGMA journal_mode = WAL");
                try (ResultSet rs = s.executeQuery("PRAGMA page_size")) {
                    if (rs.next()) {
                        pageSize = rs.getLong(1);
                    }
                }
                s.execute("PRAGMA wal_autocheckpoint = " + autoCheckpointPages());
            } catch (SQLException e) {
                closeQuietly(c);
                throw e;
            }
            writeConnection = c;
        }
        return writeConnection;
    }

    /**
     * Checkpoint at half the WAL cap, so the WAL (cut back to the cap) stays within it. Rarely, on
     * purpose: between checkpoints the pages each commit rewrites collapse into one copy in the
     * database file.
     */
    private long autoCheckpointPages() {
        return Math.max(16, walCap / (pageSize + 24) / 2);
    }

    private void createSchema(Connection c) throws SQLException {
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
        inTransaction(c, () -> {
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
                throw new NewerSchema("outbox " + file + ": schema version " + version
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
                throw new Damage("outbox schema unreadable: " + e.getMessage());
            }
            readLastSeq(c);
            return null;
        });
        long last = readLastSeq(c);
        // the file must exist before the disk can fill: alerts take seqs in it in place (reserveSeq)
        if (reservation.reserved() < last || !Files.exists(seqFile(file))) {
            try {
                reservation.write(Math.max(last, reservation.reserved())); // e.g. a store older than the file
            } catch (IOException e) {
                throw new SQLException("cannot write " + seqFile(file) + ": " + e, e);
            }
        }
    }

    /**
     * The highest outbox id ever given: ids are never reused, even after the newest rows were
     * deleted (the uplink's cursor is an id). Kept in meta rather than by AUTOINCREMENT, whose
     * {@code sqlite_sequence} row would cost one more page write per commit; rows inserted by other
     * means (salvage, a requeued dead letter) are covered by max(id).
     */
    private static long lastId(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT max(coalesce("
                + "(SELECT value FROM meta WHERE key = 'last_id'), 0), coalesce((SELECT max(id) FROM outbox), 0))")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static long readLastSeq(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT value FROM meta WHERE key = 'last_seq'")) {
            if (!rs.next()) {
                throw new Damage("meta.last_seq is missing");
            }
            return rs.getLong(1);
        }
    }

    /**
     * Runs on the writer thread now and then: folds the WAL back into the database file, and when
     * more than a quarter of the file is free pages (a backlog drained), gives them back to the disk.
     */
    private void housekeeping() {
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

    /** Test hook: runs the periodic housekeeping now. */
    void housekeepingNow() throws StoreException {
        onWriter("housekeeping", c -> {
            housekeeping();
            return null;
        });
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

    /** The file is damaged: the store replaces it. */
    static final class DamagedStore extends StoreException {
        DamagedStore(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Raised inside SQL work when a check finds damage. */
    private static final class Damage extends SQLException {
        Damage(String message) {
            super(message);
        }
    }

    private static final class NewerSchema extends SQLException {
        NewerSchema(String message) {
            super(message);
        }
    }

    /** The budget is full of rows that may not be evicted. */
    private static final class BudgetFull extends SQLException {
        BudgetFull(String message) {
            super(message);
        }
    }

    private static int primaryCode(SQLException e) {
        if (e instanceof SQLiteException se && se.getResultCode() != null) {
            return se.getResultCode().code & 0xff;
        }
        return e.getErrorCode() & 0xff;
    }

    /** SQLITE_CORRUPT, SQLITE_NOTADB, or a check of ours that found damage. */
    private static boolean isDamage(SQLException e) {
        if (e instanceof Damage) {
            return true;
        }
        int code = primaryCode(e);
        String m = String.valueOf(e.getMessage());
        return code == 11 || code == 26 || m.contains("SQLITE_CORRUPT") || m.contains("SQLITE_NOTADB")
                || m.contains("malformed") || m.contains("not a database");
    }

    /** SQLITE_FULL or SQLITE_IOERR: the disk, not the data. */
    private static boolean isDiskTrouble(SQLException e) {
        int code = primaryCode(e);
        String m = String.valueOf(e.getMessage());
        return code == 13 || code == 10 || m.contains("SQLITE_FULL") || m.contains("SQLITE_IOERR")
                || m.contains("No space left") || m.contains("disk is full")
                || (e.getCause() instanceof IOException);
    }
}
