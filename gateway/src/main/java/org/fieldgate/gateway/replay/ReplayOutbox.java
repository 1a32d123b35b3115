package org.fieldgate.gateway.replay;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.fieldgate.gateway.store.BacklogStats;
import org.fieldgate.gateway.store.Lane;
import org.fieldgate.gateway.store.OutboxStore;
import org.fieldgate.gateway.store.OutgoingMessage;
import org.fieldgate.gateway.store.SeqPayloads;
import org.fieldgate.gateway.store.StoredMessage;

/**
 * The outbox of a replay: rows in memory, seq from 1, taken out by the replay as soon as they are
 * printed ({@link #drain()}), so memory stays flat however long the recording. Nothing is durable
 * and nothing is published. Thread-safe.
 */
final class ReplayOutbox implements OutboxStore {

    private final List<StoredMessage> rows = new ArrayList<>();
    private final java.time.Clock clock;
    private long lastSeq;
    private long lastId;

    ReplayOutbox(java.time.Clock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized long append(Lane lane, SeqPayloads payloads) {
        long seq = lastSeq + 1;
        List<OutgoingMessage> messages = payloads.forSeq(seq);
        long now = clock.millis();
        for (OutgoingMessage m : messages) {
            rows.add(new StoredMessage(++lastId, seq, lane, m.topic(), m.retained(), m.payload(), now));
        }
        lastSeq = seq;
        return seq;
    }

    /** Every row committed since the last drain, in commit order; removes them. */
    synchronized List<StoredMessage> drain() {
        List<StoredMessage> out = List.copyOf(rows);
        rows.clear();
        return out;
    }

    @Override
    public synchronized List<StoredMessage> page(Lane lane, long afterId, int limit) {
        return rows.stream().filter(r -> r.lane() == lane && r.id() > afterId).limit(limit).toList();
    }

    @Override
    public synchronized void delete(long id) {
        rows.removeIf(r -> r.id() == id);
    }

    @Override
    public synchronized void deleteAll(Collection<Long> ids) {
        rows.removeIf(r -> ids.contains(r.id()));
    }

    @Override
    public synchronized void deadLetter(long id, String reason) {
        delete(id);
    }

    @Override
    public synchronized BacklogStats stats() {
        long bytes = 0;
        for (StoredMessage r : rows) {
            bytes += r.payload().length;
        }
        return new BacklogStats(rows.size(), bytes, rows.isEmpty() ? 0 : rows.get(0).createdAt(), 0, lastSeq);
    }

    @Override
    public void close() {
    }
}
