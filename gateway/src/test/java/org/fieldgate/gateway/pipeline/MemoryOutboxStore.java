package org.fieldgate.gateway.pipeline;

import java.util.ArrayList;
import java.util.List;
import org.fieldgate.gateway.store.BacklogStats;
import org.fieldgate.gateway.store.Lane;
import org.fieldgate.gateway.store.OutboxStore;
import org.fieldgate.gateway.store.OutgoingMessage;
import org.fieldgate.gateway.store.SeqPayloads;
import org.fieldgate.gateway.store.StoreException;
import org.fieldgate.gateway.store.StoredMessage;

/** An outbox in memory for pipeline tests; {@link #failing} makes every append fail like a dead disk. */
final class MemoryOutboxStore implements OutboxStore {

    volatile boolean failing;
    private final List<StoredMessage> rows = new ArrayList<>();
    private long lastSeq;
    private long lastId;
    /** Seqs taken without the database, and what was stored of them after. */
    private long outside;
    final java.util.Map<Long, org.fieldgate.gateway.store.AlarmState> unstoredStates = new java.util.LinkedHashMap<>();
    /** Wall-clock time of each group commit. */
    final List<Long> commitTimes = java.util.Collections.synchronizedList(new ArrayList<>());

    @Override
    public long[] commit(org.fieldgate.gateway.store.GroupCommit tick) throws StoreException {
        commitTimes.add(System.currentTimeMillis());
        return OutboxStore.super.commit(tick);
    }

    @Override
    public synchronized long append(Lane lane, SeqPayloads payloads) throws StoreException {
        if (failing) {
            throw new StoreException("outbox /mem: append failed: disk I/O error");
        }
        long seq = Math.max(lastSeq, outside) + 1;
        for (OutgoingMessage m : payloads.forSeq(seq)) {
            rows.add(new StoredMessage(++lastId, seq, lane, m.topic(), m.retained(), m.payload(), 0));
        }
        lastSeq = seq;
        return seq;
    }

    @Override
    public synchronized long reserveSeq() {
        outside = Math.max(lastSeq, outside) + 1;
        return outside;
    }

    @Override
    public synchronized void storeUnstored(org.fieldgate.gateway.store.UnstoredAlert alert, boolean acknowledged)
            throws StoreException {
        if (failing) {
            throw new StoreException("outbox /mem: append failed: disk I/O error");
        }
        if (!acknowledged) {
            for (OutgoingMessage m : alert.messages()) {
                rows.add(new StoredMessage(++lastId, alert.seq(), Lane.ALERT, m.topic(), m.retained(), m.payload(), 0));
            }
        }
        unstoredStates.put(alert.seq(), alert.state());
        lastSeq = Math.max(lastSeq, alert.seq());
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
    public synchronized void deadLetter(long id, String reason) {
        rows.removeIf(r -> r.id() == id);
    }

    @Override
    public synchronized BacklogStats stats() {
        return new BacklogStats(rows.size(), 0, 0, 0, lastSeq);
    }

    synchronized List<StoredMessage> all() {
        return List.copyOf(rows);
    }

    @Override
    public void close() {
    }
}
