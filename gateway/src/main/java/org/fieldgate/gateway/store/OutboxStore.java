package org.fieldgate.gateway.store;

import java.util.List;

/**
 * The durable outbox: every message bound for the network is committed here before it is
 * published, and deleted only after the broker acknowledged it. Thread-safe; implementations keep
 * one SQLite connection per thread that uses it (never a shared connection).
 */
public interface OutboxStore extends AutoCloseable {

    /**
     * Assigns the next seq (persisted, never reused across restarts), builds the messages for it and
     * commits them, all in one transaction. Returns after the commit.
     *
     * @return the assigned seq
     */
    long append(Lane lane, SeqPayloads payloads) throws StoreException;

    /** Up to {@code limit} rows of {@code lane} with id greater than {@code afterId}, oldest first. */
    List<StoredMessage> page(Lane lane, long afterId, int limit) throws StoreException;

    /** Removes an acknowledged row; removing a row that is gone is not an error. */
    void delete(long id) throws StoreException;

    /**
     * Removes acknowledged rows in one transaction; ids that are gone are skipped. The uplink calls
     * this once per loop turn with the ids acknowledged since the last call.
     */
    default void deleteAll(java.util.Collection<Long> ids) throws StoreException {
        for (long id : ids) {
            delete(id);
        }
    }

    /**
     * Moves a row the broker keeps refusing (a poison message) out of the outbox into the
     * dead-letter table, with a one-line reason, so the lane flows on.
     */
    default void deadLetter(long id, String reason) throws StoreException {
        throw new UnsupportedOperationException("this outbox has no dead-letter table");
    }

    /** Counts and sizes for status and health. */
    BacklogStats stats() throws StoreException;

    @Override
    void close();
}
