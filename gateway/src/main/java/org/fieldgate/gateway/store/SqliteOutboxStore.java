package org.fieldgate.gateway.store;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outbox in one SQLite file in WAL mode (LIBRARY-NOTES A.4; {@code docs/storage.md}). This class
 * is the {@link OutboxStore} API; the parts each do one job: {@link OutboxSchema} (tables,
 * migrations), {@link StoreWriter} (the single writer), {@link ReaderPool}, {@link OutboxWrites} and
 * {@link OutboxReads} (the SQL), {@link DiskBudget} (budget and eviction), {@link Housekeeper}
 * (deferred deletes, checkpoints, vacuum), {@link StoreRecovery} (damage on open),
 * {@link SqliteErrors} (what a failure means).
 *
 * <p><b>Threads.</b> All writes run on one writer thread that owns the only writing connection, each
 * in a {@code BEGIN IMMEDIATE} transaction: never a read-to-write upgrade, never a second writer.
 * Reads ({@link #page}, {@link #stats}) borrow a connection from a small pool, one thread at a time.
 *
 * <p><b>Durability.</b> WAL, {@code synchronous=FULL}: a commit is fsynced before it returns. The
 * cost (one fsync, and the pages it touched, per transaction) is paid once a second: the group
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
 * <p><b>Full disk.</b> An append that hits SQLITE_FULL or an I/O error fails with a {@link StoreException}
 * and rolls back; {@link #health()} says "unwritable since …" until an append succeeds again.
 */
public final class SqliteOutboxStore implements OutboxStore {

    private static final Logger log = LoggerFactory.getLogger(SqliteOutboxStore.class);

    /** Page size of new stores ({@link OutboxSchema#NEW_PAGE_SIZE}). */
    static final int NEW_PAGE_SIZE = OutboxSchema.NEW_PAGE_SIZE;

    private final Path file;
    private final Clock clock;
    private final SeqReservation reservation;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Housekeeper housekeeper;
    private final StoreWriter writer;
    private final ReaderPool readers;
    private final OutboxWrites writes;
    private volatile StoreHealth.Recovery recovery;

    private SqliteOutboxStore(Path file, Clock clock, long maxBytes) {
        this.file = file;
        this.clock = clock;
        this.reservation = SeqReservation.at(seqFile(file));
        DiskBudget budget = new DiskBudget(file, clock, maxBytes);
        this.housekeeper = new Housekeeper(file, closed);
        this.writer = new StoreWriter(file, clock, budget, closed, housekeeper::deletesDone);
        housekeeper.workOn(writer);
        this.readers = new ReaderPool(file, closed);
        this.writes = new OutboxWrites(file, clock, budget, reservation, seqFile(file));
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
        SqliteOutboxStore store = StoreRecovery.open(abs, clock, maxBytes);
        log.info("outbox {} open, last seq {}, budget {} bytes", abs, store.stats().lastSeq(),
                maxBytes == Long.MAX_VALUE ? "none" : maxBytes);
        return store;
    }

    /** A started store at {@code db}; {@code existed}: check the file first (for {@link StoreRecovery}). */
    static SqliteOutboxStore started(Path db, Clock clock, long maxBytes, boolean existed) throws StoreException {
        SqliteOutboxStore store = new SqliteOutboxStore(db, clock, maxBytes);
        store.start(existed); // closes the store when it fails
        return store;
    }

    private static Path seqFile(Path db) {
        return Path.of(db + ".seq");
    }

    /** Opens the writing connection (checking the file first when it existed) and a reader. */
    private void start(boolean existed) throws StoreException {
        PrivateFiles.database(file); // 0600, and so its -wal and -shm
        try {
            writer.run("open", c -> {
                if (existed) {
                    OutboxSchema.quickCheck(c);
                }
                OutboxSchema.create(c, file);
                try {
                    reservation.coverStored(OutboxSchema.readLastSeq(c));
                } catch (IOException e) {
                    throw new SQLException("cannot write " + seqFile(file) + ": " + e, e);
                }
                return null;
            });
            readers.giveBack(readers.borrow("open"), true); // a reader must work too
        } catch (StoreException e) {
            close();
            if (e.getCause() instanceof SqliteErrors.NewerSchema ns) {
                throw new StoreException(ns.getMessage(), ns);
            }
            if (e.getCause() instanceof SQLException sql && SqliteErrors.isDamage(sql)) {
                throw new SqliteErrors.DamagedStore(sql.getMessage(), sql);
            }
            throw e;
        } catch (SQLException e) {
            close();
            if (SqliteErrors.isDamage(e)) {
                throw new SqliteErrors.DamagedStore(e.getMessage(), e);
            }
            throw SqliteErrors.failure(file, "open", e);
        }
        housekeeper.start();
    }

    StoreWriter writer() {
        return writer;
    }

    SeqReservation reservation() {
        return reservation;
    }

    void recovered(StoreHealth.Recovery what) {
        recovery = what;
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
            OutboxWrites.recordAlarm(c, state, seq, retained);
        })[0];
    }

    /** Takes a seq in the reservation file, on the writer thread so that no append races it. */
    @Override
    public long reserveSeq() throws StoreException {
        return writer.reserveSeq(reservation, seqFile(file));
    }

    @Override
    public void storeUnstored(UnstoredAlert alert, boolean acknowledged) throws StoreException {
        writer.run("append", true, c -> StoreWriter.inTransaction(c, () -> {
            writes.storeUnstored(c, alert, acknowledged);
            return null;
        }));
    }

    @Override
    public long removeAlarm(String rule, SeqPayloads payloads) throws StoreException {
        return appendAll(Lane.ALERT, List.of(payloads), (c, seq, messages) -> OutboxWrites.forgetAlarm(c, rule))[0];
    }

    @Override
    public List<StoredAlarm> alarmStates() throws StoreException {
        return readers.read("alarm states", OutboxReads::alarmStates);
    }

    private long[] appendAll(Lane lane, List<SeqPayloads> batch, OutboxWrites.AfterInsert after)
            throws StoreException {
        if (batch.isEmpty()) {
            return new long[0];
        }
        List<PendingAppend> appends = batch.stream().map(p -> new PendingAppend(lane, p)).toList();
        return writer.run("append", true, c -> StoreWriter.inTransaction(c, () -> {
            housekeeper.applyDueDeletes(c);
            return writes.insertMessages(c, appends, after, false);
        }));
    }

    @Override
    public long[] commit(GroupCommit tick) throws StoreException {
        if (tick.isEmpty()) {
            return new long[0];
        }
        return writer.run("append", true, c -> StoreWriter.inTransaction(c, () -> {
            housekeeper.applyDueDeletes(c);
            writes.restage(c, tick);
            long[] seqs = writes.insertMessages(c, tick.appends(), null, true);
            writes.stage(c, tick.staged());
            return seqs;
        }));
    }

    @Override
    public List<StagedFragment> staged() throws StoreException {
        return readers.read("staged", OutboxReads::staged);
    }

    @Override
    public List<StoredMessage> newestOn(String topic, long beforeId, int limit) throws StoreException {
        return readers.read("newest", c -> OutboxReads.newestOn(c, topic, beforeId, limit));
    }

    @Override
    public List<StoredMessage> page(Lane lane, long afterId, int limit) throws StoreException {
        if (limit <= 0) {
            return List.of();
        }
        return readers.read("page", c -> OutboxReads.page(c, lane, afterId, limit, housekeeper::isDue));
    }

    @Override
    public void delete(long id) throws StoreException {
        deleteAll(List.of(id));
    }

    /**
     * Deferred: the ids are deleted in the next transaction (the pipeline's one-second commit), or by
     * the writer thread within {@value Housekeeper#DELETE_DELAY_MS} ms when none comes, so an
     * acknowledgement costs no disk sync of its own. Until then {@link #page} leaves the rows out;
     * {@link #stats} and {@link #close} delete them first. A crash before that publishes them again
     * (duplicates).
     */
    @Override
    public void deleteAll(Collection<Long> ids) throws StoreException {
        if (ids.isEmpty()) {
            return;
        }
        if (closed.get()) {
            throw new StoreException("outbox " + file + ": delete failed: store is closed");
        }
        housekeeper.deleteAll(ids);
    }

    @Override
    public void deadLetter(long id, String reason) throws StoreException {
        deadLetter(id, reason, 0);
    }

    @Override
    public void deadLetter(long id, String reason, int attempts) throws StoreException {
        boolean moved = writer.run("dead-letter",
                c -> StoreWriter.inTransaction(c, () -> writes.deadLetter(c, id, reason, attempts)));
        if (moved) {
            log.error("outbox {}: row {} moved to the dead letters after {} attempt(s): {}", file, id, attempts, reason);
        }
    }

    @Override
    public Map<Long, DeadLetters.Attempts> deliveryAttempts() throws StoreException {
        return readers.read("delivery attempts", DeadLetters::attempts);
    }

    @Override
    public void recordAttempts(long id, DeadLetters.Attempts attempts) throws StoreException {
        writer.run("delivery attempts", c -> StoreWriter.inTransaction(c, () -> {
            DeadLetters.recordAttempts(c, id, attempts, clock.millis());
            return null;
        }));
    }

    @Override
    public List<DeadLetters.Entry> listDeadLetters() throws StoreException {
        return readers.read("dead letters", DeadLetters::list);
    }

    @Override
    public Set<Long> requeueDeadLetters(Collection<Long> seqs) throws StoreException {
        return writer.run("requeue", c -> StoreWriter.inTransaction(c, () -> DeadLetters.requeue(c, seqs)));
    }

    @Override
    public BacklogStats stats() throws StoreException {
        // Counts come from totals kept in meta by the same transactions that change the rows: a
        // count(*)/sum() would read the whole table, up to the 2 GB budget, every health minute.
        // The oldest row is the lowest id (commit order), found through the primary key.
        // One statement, so everything comes from one snapshot. Deferred deletes go first, so the
        // totals count what waits.
        housekeeper.flushDueDeletes("stats");
        return readers.read("stats", c -> OutboxReads.stats(c, DiskBudget.fileBytes(file)));
    }

    @Override
    public StoreHealth health() {
        long since = writer.unwritableSince();
        return new StoreHealth(since == 0, since, since == 0 ? null : writer.writeError(), recovery);
    }

    @Override
    public List<EvictedRange> recentEvictions(int limit) throws StoreException {
        if (limit <= 0) {
            return List.of();
        }
        return readers.read("evictions", c -> OutboxReads.recentEvictions(c, limit));
    }

    /** The newest {@code limit} dead letters, oldest first, one line each. */
    public List<String> deadLetterReasons(int limit) throws StoreException {
        return readers.read("dead letters", c -> OutboxReads.deadLetterReasons(c, limit));
    }

    /** {@code PRAGMA integrity_check}: {@code ok}, or SQLite's description of the damage. */
    public String integrityCheck() throws StoreException {
        return readers.read("integrity check", OutboxReads::integrityCheck);
    }

    /**
     * Test hook: caps the database at {@code pages} pages on the writing connection
     * ({@code PRAGMA max_page_count}), so that appends past it fail with SQLITE_FULL exactly like a
     * full disk. A large value lifts the cap.
     */
    void limitPages(long pages) throws StoreException {
        writer.run("limit pages", c -> {
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA max_page_count = " + pages);
            }
            return null;
        });
    }

    /** Test hook: runs the periodic housekeeping now. */
    void housekeepingNow() throws StoreException {
        writer.run("housekeeping", c -> {
            housekeeper.housekeeping();
            return null;
        });
    }

    /** Closes the connections and stops the writer thread; idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        writer.close(() -> housekeeper.deleteDueNow(true));
        readers.closeIdle();
    }
}
