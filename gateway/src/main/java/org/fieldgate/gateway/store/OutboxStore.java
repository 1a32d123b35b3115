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

    /** Counts and sizes for status and health. */
    BacklogStats stats() throws StoreException;

    @Override
    void close();
}
