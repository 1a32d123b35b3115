package org.fieldgate.gateway.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.fieldgate.gateway.store.BacklogStats;
import org.fieldgate.gateway.store.Lane;
import org.fieldgate.gateway.store.OutboxStore;
import org.fieldgate.gateway.store.OutgoingMessage;
import org.fieldgate.gateway.store.SeqPayloads;
import org.fieldgate.gateway.store.StoredMessage;

/**
 * A TreeMap-backed {@link OutboxStore} for tests of the outbox's users (not of the store). Thread
 * safe; also records which ids were deleted, in order.
 */
public final class InMemoryOutboxStore implements OutboxStore {

    private final TreeMap<Long, StoredMessage> rows = new TreeMap<>();
    private final List<Long> deleted = new ArrayList<>();
    private final List<DeadLetter> deadLetters = new ArrayList<>();
    private long lastSeq;
    private long lastId;

    @Override
    public synchronized long append(Lane lane, SeqPayloads payloads) {
        long seq = ++lastSeq;
        for (OutgoingMessage m : payloads.forSeq(seq)) {
            long id = ++lastId;
            rows.put(id, new StoredMessage(id, seq, lane, m.topic(), m.retained(), m.payload(),
                    System.currentTimeMillis()));
        }
        return seq;
    }

    @Override
    public synchronized List<StoredMessage> page(Lane lane, long afterId, int limit) {
        List<StoredMessage> out = new ArrayList<>();
        for (StoredMessage m : rows.tailMap(afterId, false).values()) {
            if (out.size() >= limit) {
                break;
            }
            if (m.lane() == lane) {
                out.add(m);
            }
        }
        return out;
    }

    @Override
    public synchronized void delete(long id) {
        if (rows.remove(id) != null) {
            deleted.add(id);
        }
    }

    /** Moves the row to the dead letters (kept with their reason); a missing id is ignored. */
    @Override
    public synchronized void deadLetter(long id, String reason) {
        StoredMessage m = rows.remove(id);
        if (m != null) {
            deadLetters.add(new DeadLetter(m, reason));
        }
    }

    /** A row moved aside by {@link #deadLetter}. */
    public record DeadLetter(StoredMessage message, String reason) {
    }

    /** Rows moved to the dead letters, in call order. */
    public synchronized List<DeadLetter> deadLetters() {
        return List.copyOf(deadLetters);
    }

    @Override
    public synchronized BacklogStats stats() {
        long bytes = rows.values().stream().mapToLong(m -> m.payload().length).sum();
        long oldest = rows.isEmpty() ? 0 : rows.firstEntry().getValue().createdAt();
        return new BacklogStats(rows.size(), bytes, oldest, 0, lastSeq, deadLetters.size(), 0);
    }

    /** Rows still waiting. */
    public synchronized List<StoredMessage> rows() {
        return List.copyOf(rows.values());
    }

    public synchronized int size() {
        return rows.size();
    }

    /** Ids removed by {@link #delete}, in call order (deleting a missing id is not recorded). */
    public synchronized List<Long> deletedIds() {
        return List.copyOf(deleted);
    }

    @Override
    public void close() {
    }
}
