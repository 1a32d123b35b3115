package org.fieldgate.gateway.store;

import java.util.Collection;
import java.util.List;

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
     * that is gone is not an error.
     */
    void deadLetter(long id, String reason) throws StoreException;

    /** {@link #deadLetter(long, String)}, recording how many times publishing was tried. */
    default void deadLetter(long id, String reason, int attempts) throws StoreException {
        deadLetter(id, reason + " (after " + attempts + " attempts)");
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
