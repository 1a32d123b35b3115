package org.fieldgate.gateway.pipeline;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;
import java.util.function.LongFunction;
import org.fieldgate.gateway.contract.Topics;
import org.fieldgate.gateway.store.AlarmState;
import org.fieldgate.gateway.store.OutboxStore;
import org.fieldgate.gateway.store.OutgoingMessage;
import org.fieldgate.gateway.store.StoreException;
import org.fieldgate.gateway.store.UnstoredAlert;
import org.fieldgate.gateway.store.UnstoredAlerts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The alert-lane commits (alerts, acknowledgements, removals of a retained alarm) waiting for the
 * store, in the order they happened. While the store fails they stay here (bounded, oldest dropped
 * first) and each takes a seq without the database ({@link OutboxStore#reserveSeq}) and goes to the
 * uplink from memory ({@link #unstored()}); when the store writes again each is stored under that
 * seq, its rows only if the broker has not acknowledged it yet.
 *
 * <p>Its monitor orders the queue: who changes an alarm state holds it from the change to the
 * {@link #add}, so the store sees the states in the order they happened.
 */
final class AlertQueue {

    private static final Logger log = LoggerFactory.getLogger(Pipeline.class); // the pipeline's log lines keep their name

    private final OutboxStore store;
    private final Topics topics;
    private final StoreOutcomes outcomes;
    private final RunningCounters counters;
    private final ArrayDeque<PendingAlert> pending = new ArrayDeque<>(); // guarded by this
    private final UnstoredQueue unstored = new UnstoredQueue();

    AlertQueue(OutboxStore store, Topics topics, StoreOutcomes outcomes, RunningCounters counters) {
        this.store = store;
        this.topics = topics;
        this.outcomes = outcomes;
        this.counters = counters;
    }

    /**
     * An alert-lane commit waiting its turn: {@code payload} builds the alert for its seq and
     * {@code state} is the alarm state it leaves; both null for the removal of a rule's retained alarm.
     * {@code unstored} is set once it was handed to the uplink from memory under a seq of its own.
     */
    static final class PendingAlert {
        final String rule;
        final String what;
        final LongFunction<byte[]> payload;
        final AlarmState state;
        final long at;
        UnstoredAlert unstored;

        PendingAlert(String rule, String what, LongFunction<byte[]> payload, AlarmState state, long at) {
            this.rule = rule;
            this.what = what;
            this.payload = payload;
            this.state = state;
            this.at = at;
        }

        /** The empty retained {@code alarm/{rule}} of a rule that left the config. */
        static PendingAlert removal(String rule, long at) {
            return new PendingAlert(rule, "removal", null, null, at);
        }
    }

    /** Queues {@code p} behind the others; past {@link Pipeline#MAX_PENDING_ALERTS} the oldest goes. */
    synchronized void add(PendingAlert p) {
        if (pending.size() >= Pipeline.MAX_PENDING_ALERTS) {
            PendingAlert gone = pending.pollFirst();
            if (gone.unstored != null) {
                unstored.remove(gone.unstored.seq());
            }
            counters.dropped.incrementAndGet();
            log.error("dropped the oldest unstored alert event: {} waiting", Pipeline.MAX_PENDING_ALERTS);
        }
        pending.addLast(p);
    }

    /** Alert events kept in memory because the store could not write them (published or waiting). */
    synchronized int size() {
        return pending.size();
    }

    /**
     * The alerts the uplink publishes from memory (QoS 1, before anything from the store) while the
     * store cannot write them.
     */
    UnstoredAlerts unstored() {
        return unstored;
    }

    /**
     * Commits waiting alert events in order; at the first failure the rest stay for the next try, and
     * each that has no seq yet takes one without the database and goes to the uplink from memory.
     */
    void drain() {
        boolean handedOver = false;
        synchronized (this) {
            boolean storing = true;
            for (Iterator<PendingAlert> it = pending.iterator(); it.hasNext(); ) {
                PendingAlert p = it.next();
                if (storing) {
                    try {
                        store(p);
                        it.remove();
                        continue;
                    } catch (StoreException ex) {
                        outcomes.failed("alert " + p.rule + " " + p.what, ex);
                        storing = false;
                    }
                }
                if (p.unstored == null) {
                    try {
                        p.unstored = unstoredCopy(p, store.reserveSeq());
                    } catch (StoreException ex) {
                        log.error("alert {} {} can neither be stored nor take a seq: it waits in memory ({})",
                                p.rule, p.what, ex.getMessage());
                        break; // later ones wait behind it, in order
                    }
                    unstored.add(p.unstored);
                    handedOver = true;
                    log.warn("alert {} {} goes from memory as seq {}: the store cannot write", p.rule,
                            p.what, p.unstored.seq());
                }
            }
        }
        if (handedOver) {
            outcomes.wakeUplink();
        }
    }

    /** One pending alert into the store: a fresh append, or the memory copy under its own seq. */
    private void store(PendingAlert p) throws StoreException {
        if (p.unstored != null) {
            long seq = p.unstored.seq();
            store.storeUnstored(p.unstored, unstored.isAcknowledged(seq));
            unstored.remove(seq);
        } else if (p.state == null) {
            store.removeAlarm(p.rule, seq -> List.of(new OutgoingMessage(topics.alarm(p.rule), true, new byte[0])));
        } else {
            store.appendAlarm(seq -> rows(p, p.payload.apply(seq)), p.state);
        }
        outcomes.committed(1);
    }

    private UnstoredAlert unstoredCopy(PendingAlert p, long seq) {
        if (p.state == null) {
            return new UnstoredAlert(seq, p.rule,
                    List.of(new OutgoingMessage(topics.alarm(p.rule), true, new byte[0])), null, p.at);
        }
        return new UnstoredAlert(seq, p.rule, rows(p, p.payload.apply(seq)), p.state, p.at);
    }

    /** An alert's two rows under one seq: {@code alert/{rule}} and the retained {@code alarm/{rule}}. */
    private List<OutgoingMessage> rows(PendingAlert p, byte[] payload) {
        return List.of(new OutgoingMessage(topics.alert(p.rule), false, payload),
                new OutgoingMessage(topics.alarm(p.rule), true, payload));
    }
}
