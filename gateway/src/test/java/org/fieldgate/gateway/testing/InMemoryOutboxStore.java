package org.fieldgate.gateway.testing;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.fieldgate.gateway.store.AlarmState;
import org.fieldgate.gateway.store.BacklogStats;
import org.fieldgate.gateway.store.GroupCommit;
import org.fieldgate.gateway.store.Lane;
import org.fieldgate.gateway.store.OutboxStore;
import org.fieldgate.gateway.store.OutgoingMessage;
import org.fieldgate.gateway.store.SeqPayloads;
import org.fieldgate.gateway.store.StoreException;
import org.fieldgate.gateway.store.StoredMessage;
import org.fieldgate.gateway.store.UnstoredAlert;

/**
 * The one in-memory {@link OutboxStore} of the tests, for tests of the outbox's users (not of the
 * store). TreeMap-backed and thread safe; also records which ids were deleted (in order), the size
 * of every {@link #deleteAll} batch, the dead letters, and the states of alerts stored after a
 * failure. One map per lane, so paging one lane stays cheap with a huge backlog in the other.
 * {@link #failing} makes every write the pipeline makes fail like a dead disk.
 */
public final class InMemoryOutboxStore implements OutboxStore {

    /** While true, commits, alarm writes and late-stored alerts fail with a disk I/O error. */
    public volatile boolean failing;
    /** Thrown by the next write (then cleared): a bug or an Error in the middle of a commit, not a disk failure. */
    public volatile Error killNextWrite;
    /** The state of every alert stored by {@link #storeUnstored}, by seq. */
    public final Map<Long, AlarmState> unstoredStates = new LinkedHashMap<>();

    private final Map<Lane, TreeMap<Long, StoredMessage>> lanes = new EnumMap<>(Lane.class);
    private final List<Long> deleted = new ArrayList<>();
    private final List<Integer> deleteBatches = new ArrayList<>();
    private final Map<Long, String> deadLetters = new LinkedHashMap<>();
    private final Map<Long, org.fieldgate.gateway.store.DeadLetters.Attempts> attempts = new LinkedHashMap<>();
    private long lastSeq;
    private long lastId;
    /** The last seq taken by {@link #reserveSeq}: appends go on after it. */
    private long reserved;

    public InMemoryOutboxStore() {
        for (Lane lane : Lane.values()) {
            lanes.put(lane, new TreeMap<>());
        }
    }

    @Override
    public synchronized long append(Lane lane, SeqPayloads payloads) {
        killIfAsked();
        long seq = Math.max(lastSeq, reserved) + 1;
        for (OutgoingMessage m : payloads.forSeq(seq)) {
            put(lane, seq, m);
        }
        lastSeq = seq;
        return seq;
    }

    private void put(Lane lane, long seq, OutgoingMessage m) {
        long id = ++lastId;
        lanes.get(lane).put(id, new StoredMessage(id, seq, lane, m.topic(), m.retained(), m.payload(),
                System.currentTimeMillis()));
    }

    private void killIfAsked() {
        Error kill = killNextWrite;
        if (kill != null) {
            killNextWrite = null;
            throw kill;
        }
    }

    private void failIfFailing() throws StoreException {
        killIfAsked();
        if (failing) {
            throw new StoreException("outbox /mem: append failed: disk I/O error");
        }
    }

    @Override
    public synchronized long[] commit(GroupCommit tick) throws StoreException {
        failIfFailing();
        return OutboxStore.super.commit(tick);
    }

    @Override
    public synchronized long appendAlarm(SeqPayloads payloads, AlarmState state) throws StoreException {
        failIfFailing();
        return OutboxStore.super.appendAlarm(payloads, state);
    }

    @Override
    public synchronized long removeAlarm(String rule, SeqPayloads payloads) throws StoreException {
        failIfFailing();
        return OutboxStore.super.removeAlarm(rule, payloads);
    }

    @Override
    public synchronized long reserveSeq() {
        reserved = Math.max(lastSeq, reserved) + 1;
        return reserved;
    }

    @Override
    public synchronized void storeUnstored(UnstoredAlert alert, boolean acknowledged) throws StoreException {
        failIfFailing();
        if (!acknowledged) {
            for (OutgoingMessage m : alert.messages()) {
                put(Lane.ALERT, alert.seq(), m);
            }
        }
        unstoredStates.put(alert.seq(), alert.state());
        lastSeq = Math.max(lastSeq, alert.seq());
    }

    @Override
    public synchronized List<StoredMessage> page(Lane lane, long afterId, int limit) {
        List<StoredMessage> out = new ArrayList<>(Math.min(limit, 1024));
        for (StoredMessage m : lanes.get(lane).tailMap(afterId, false).values()) {
            if (out.size() >= limit) {
                break;
            }
            out.add(m);
        }
        return out;
    }

    @Override
    public synchronized List<StoredMessage> newestOn(String topic, long beforeId, int limit) {
        List<StoredMessage> out = new ArrayList<>();
        for (TreeMap<Long, StoredMessage> rows : lanes.values()) {
            rows.headMap(beforeId, false).values().stream().filter(m -> m.topic().equals(topic)).forEach(out::add);
        }
        out.sort(Comparator.comparingLong(StoredMessage::id).reversed());
        return out.subList(0, Math.min(limit, out.size()));
    }

    @Override
    public synchronized void delete(long id) {
        for (TreeMap<Long, StoredMessage> rows : lanes.values()) {
            if (rows.remove(id) != null) {
                deleted.add(id);
                return;
            }
        }
    }

    @Override
    public synchronized void deleteAll(Collection<Long> ids) {
        deleteBatches.add(ids.size());
        for (long id : ids) {
            delete(id);
        }
    }

    @Override
    public synchronized void deadLetter(long id, String reason) {
        for (TreeMap<Long, StoredMessage> rows : lanes.values()) {
            if (rows.remove(id) != null) {
                deadLetters.put(id, reason);
                return;
            }
        }
    }

    @Override
    public synchronized void deadLetter(long id, String reason, int attempts) {
        deadLetter(id, reason + " (after " + attempts + " attempts)");
        this.attempts.remove(id);
    }

    @Override
    public synchronized Map<Long, org.fieldgate.gateway.store.DeadLetters.Attempts> deliveryAttempts() {
        Map<Long, org.fieldgate.gateway.store.DeadLetters.Attempts> out = new LinkedHashMap<>(attempts);
        out.keySet().retainAll(rows().stream().map(StoredMessage::id).toList());
        return out;
    }

    @Override
    public synchronized void recordAttempts(long id, org.fieldgate.gateway.store.DeadLetters.Attempts a) {
        attempts.put(id, a);
    }

    @Override
    public synchronized BacklogStats stats() {
        List<StoredMessage> all = rows();
        long bytes = all.stream().mapToLong(m -> m.payload().length).sum();
        long oldest = all.stream().mapToLong(StoredMessage::createdAt).min().orElse(0);
        return new BacklogStats(all.size(), bytes, oldest, 0, lastSeq, deadLetters.size(), 0);
    }

    /** Rows still waiting, by id. */
    public synchronized List<StoredMessage> rows() {
        TreeMap<Long, StoredMessage> all = new TreeMap<>();
        lanes.values().forEach(all::putAll);
        return List.copyOf(all.values());
    }

    public synchronized int size() {
        return lanes.values().stream().mapToInt(Map::size).sum();
    }

    /** Ids removed by {@link #delete} or {@link #deleteAll}, in call order (missing ids are not recorded). */
    public synchronized List<Long> deletedIds() {
        return List.copyOf(deleted);
    }

    /** The size of every {@link #deleteAll} call, in call order. */
    public synchronized List<Integer> deleteBatches() {
        return List.copyOf(deleteBatches);
    }

    /** Dead-lettered ids with their reasons, in call order. */
    public synchronized Map<Long, String> deadLetters() {
        return new LinkedHashMap<>(deadLetters);
    }

    @Override
    public void close() {
    }
}
