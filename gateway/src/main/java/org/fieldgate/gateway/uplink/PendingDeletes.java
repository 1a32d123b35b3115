package org.fieldgate.gateway.uplink;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.fieldgate.gateway.store.OutboxStore;
import org.fieldgate.gateway.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Outbox rows whose PUBACK came, deleted together ({@link OutboxStore#deleteAll}, one transaction in
 * SQLite) at most {@link #DELETE_DELAY_MS} after the first of them or once {@link #DELETE_BATCH} wait.
 * Uplink thread only.
 */
final class PendingDeletes {

    private static final Logger LOG = LoggerFactory.getLogger(Uplink.class);
    /** Acknowledged rows are deleted together, at most this long after the first PUBACK… */
    static final long DELETE_DELAY_MS = 100;
    /** …or as soon as this many are waiting. */
    static final int DELETE_BATCH = 500;

    private final OutboxStore store;
    private final long storeRetryMs;
    /** Acknowledged ids waiting for the next {@link OutboxStore#deleteAll} (one per loop turn at most). */
    private final List<Long> ids = new ArrayList<>();
    private long dueNanos;

    /** @param storeRetryMs how long to wait before trying again after the store failed */
    PendingDeletes(OutboxStore store, long storeRetryMs) {
        this.store = store;
        this.storeRetryMs = storeRetryMs;
    }

    void add(long id) {
        if (ids.isEmpty()) {
            dueNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DELETE_DELAY_MS);
        }
        ids.add(id);
    }

    boolean isEmpty() {
        return ids.isEmpty();
    }

    /** How long the loop may wait before the pending deletes are due. */
    long waitMs() {
        if (ids.isEmpty()) {
            return Long.MAX_VALUE;
        }
        return Math.max(1, TimeUnit.NANOSECONDS.toMillis(dueNanos - System.nanoTime()));
    }

    void flushIfDue() {
        if (ids.size() >= DELETE_BATCH || (!ids.isEmpty() && System.nanoTime() - dueNanos >= 0)) {
            flush();
        }
    }

    /** Deletes the acknowledged rows in one store call (one transaction in SQLite). */
    void flush() {
        if (ids.isEmpty()) {
            return;
        }
        try {
            store.deleteAll(List.copyOf(ids));
            ids.clear();
        } catch (StoreException e) {
            LOG.error("uplink: cannot delete {} acknowledged rows: {}", ids.size(), e.getMessage());
            if (ids.size() > 100 * DELETE_BATCH) {
                ids.clear(); // they stay stored and go again: duplicates, not loss
            }
            dueNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(storeRetryMs);
        }
    }
}
