package org.fieldgate.gateway.store;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The durable outbox: every message bound for the network is committed here before it is
 * published, and deleted only after the broker acknowledged it. Thread-safe; implementations keep
 * one SQLite connection per thread that uses it (never a shared connection).
 */
public interface OutboxStore extends AutoCloseable {

    /**
     * Assigns the next seq (persisted, never reused across restarts), builds the messages for it and
     * commits them, all in one transaction. Returns after the commit is durable: a power cut after
     * this returns loses nothing of it.
     *
     * @return the assigned seq
     * @throws StoreException when the message could not be stored (disk full, I/O error, budget full
     *                        of alerts); nothing of it was stored, and the next call may succeed
     */
    long append(Lane lane, SeqPayloads payloads) throws StoreException;

    /**
     * {@link #append} on {@link Lane#ALERT}, and in the same transaction records {@code state} as the
     * rule's alarm state, with the seq and the payload of the retained message among
     * {@code payloads} (the {@code alarm/{rule}} row). A crash leaves both or neither.
     * The default (stores without alarm state) only appends.
     */
    default long appendAlarm(SeqPayloads payloads, AlarmState state) throws StoreException {
        return append(Lane.ALERT, payloads);
    }

    /**
     * {@link #append} on {@link Lane#ALERT} (e.g. the empty retained {@code alarm/{rule}} of a rule
     * that left the config), and in the same transaction forgets the alarm state of {@code rule}.
     */
    default long removeAlarm(String rule, SeqPayloads payloads) throws StoreException {
        return append(Lane.ALERT, payloads);
    }

    /**
     * Commits one tick of the pipeline in one transaction: deletes the staged fragments of the
     * {@code closed} streams (all of them when {@code restage}), appends the messages (each with its
     * own seq, in order) and stores the new fragments. A crash leaves all of it or none. A telemetry
     * message that does not fit because alerts fill the disk budget is left out (seq 0), the rest
     * goes in. The default (stores that keep nothing across a restart) appends the messages one by one.
     *
     * @return the seq of each append, in order; 0 for one left out
     */
    default long[] commit(GroupCommit tick) throws StoreException {
        long[] seqs = new long[tick.appends().size()];
        for (int i = 0; i < seqs.length; i++) {
            PendingAppend a = tick.appends().get(i);
            seqs[i] = append(a.lane(), a.payloads());
        }
        return seqs;
    }

    /** Staged fragments left by the last run, oldest first (see {@link #commit}). */
    default List<StagedFragment> staged() throws StoreException {
        return List.of();
    }

    /**
     * Up to {@code limit} rows on {@code topic} with id below {@code beforeId}, newest first: what
     * the pipeline reads back to rebuild an event window {@link StagedFragment staged} as a reference
     * to its one-second packets. A store that stages nothing has none to read back.
     */
    default List<StoredMessage> newestOn(String topic, long beforeId, int limit) throws StoreException {
        return List.of();
    }

    /** Every recorded alarm state (active or cleared), by rule id order. */
    default List<StoredAlarm> alarmStates() throws StoreException {
        return List.of();
    }

    /** Up to {@code limit} rows of {@code lane} with id greater than {@code afterId}, oldest first. */
    List<StoredMessage> page(Lane lane, long afterId, int limit) throws StoreException;

    /** Removes an acknowledged row; removing a row that is gone is not an error. */
    void delete(long id) throws StoreException;

    /**
     * Removes acknowledged rows; ids that are gone are skipped. Prefer this to {@link #delete} when
     * several PUBACKs arrived together. A store may defer the deletion into its next transaction
     * (at most a few seconds later): the rows no longer appear in {@link #page}, and a crash before
     * then only means they are published again (duplicates, never loss).
     */
    default void deleteAll(Collection<Long> ids) throws StoreException {
        for (long id : ids) {
            delete(id);
        }
    }

    /**
     * Moves a row the broker keeps refusing to the dead-letter table, in one transaction: it no
     * longer appears in {@link #page} and is counted in {@link BacklogStats#deadLetters()}. A row
     * that is gone is not an error. Dead letters stay until requeued ({@link #requeueDeadLetters})
     * or evicted under the disk budget (announced like evicted telemetry), never deleted quietly.
     */
    void deadLetter(long id, String reason) throws StoreException;

    /** {@link #deadLetter(long, String)}, recording how many times publishing was tried. */
    default void deadLetter(long id, String reason, int attempts) throws StoreException {
        deadLetter(id, reason + " (after " + attempts + " attempts)");
    }

    /**
     * The delivery attempts recorded for rows still in the outbox, by row id (see
     * {@link #recordAttempts}). Stores that keep none return an empty map.
     */
    default Map<Long, DeadLetters.Attempts> deliveryAttempts() throws StoreException {
        return Map.of();
    }

    /**
     * Records, durably, how often the link failed with row {@code id} in flight and how many of
     * those were refusals in a row, so that neither a restart resets them nor is needed to convict.
     */
    default void recordAttempts(long id, DeadLetters.Attempts attempts) throws StoreException {
    }

    /** Every dead letter, by seq. */
    default List<DeadLetters.Entry> listDeadLetters() throws StoreException {
        return List.of();
    }

    /**
     * Moves the dead letters carrying {@code seqs} (all when empty) back into the outbox, each in its
     * old place in its lane; returns the seqs moved.
     */
    default Set<Long> requeueDeadLetters(Collection<Long> seqs) throws StoreException {
        return Set.of();
    }

    /**
     * A seq for an alert that cannot be stored now: above every seq assigned or reserved, recorded
     * without the database (in the reservation file) so that no later append reuses it.
     *
     * @throws StoreException when not even that can be recorded; the alert then waits unpublished
     */
    default long reserveSeq() throws StoreException {
        throw new StoreException("this store cannot take a seq without its database");
    }

    /**
     * Stores an alert published from memory while the store could not write, under its own seq, with
     * the alarm state it leaves; its rows only when the broker has not {@code acknowledged} it yet
     * (they go again, same seq: at least once, never twice beyond that).
     */
    default void storeUnstored(UnstoredAlert alert, boolean acknowledged) throws StoreException {
        throw new StoreException("this store cannot store an alert under a given seq");
    }

    /** Counts and sizes for status and health. */
    BacklogStats stats() throws StoreException;

    /** Whether the store can write now, and what was repaired at open. */
    default StoreHealth health() {
        return StoreHealth.OK;
    }

    /** The most recent {@code limit} evicted ranges, oldest first. */
    default List<EvictedRange> recentEvictions(int limit) throws StoreException {
        return List.of();
    }

    @Override
    void close();
}
