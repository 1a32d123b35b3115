package org.fieldgate.gateway.uplink;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.fieldgate.gateway.store.Lane;
import org.fieldgate.gateway.store.OutboxStore;
import org.fieldgate.gateway.store.OutgoingMessage;
import org.fieldgate.gateway.store.StoreException;
import org.fieldgate.gateway.store.StoredMessage;
import org.fieldgate.gateway.store.UnstoredAlert;
import org.fieldgate.gateway.store.UnstoredAlerts;

/**
 * What goes next, into the free part of the window: alerts waiting in memory, then the alert lane,
 * then telemetry pages, each lane from its cursor; a suspect alone ({@link RefusalJudge}), a packet
 * above the broker's limit to the dead letters. Uplink thread only.
 */
final class OutboxDrain {

    private enum Offer { SENT, ISOLATED, BLOCKED, DEAD_LETTERED }

    private final OutboxStore store;
    private final MqttTransport transport;
    private final InflightWindow inflight;
    private final RefusalJudge judge;
    private final PendingDeletes pendingDeletes;
    private final UplinkEvents events;
    private final AtomicLong published = new AtomicLong();
    private volatile UnstoredAlerts unstored = UnstoredAlerts.NONE;

    private long generation;
    private long alertCursor;
    private long telemetryCursor;
    /**
     * Alerts from memory published on this connection: seq to messages not yet acknowledged. In the
     * window their messages have negative keys, {@code -(2 seq + i)}, never an outbox id.
     */
    private final Map<Long, Integer> unstoredLeft = new HashMap<>();

    OutboxDrain(OutboxStore store, MqttTransport transport, InflightWindow inflight, RefusalJudge judge,
                PendingDeletes pendingDeletes, UplinkEvents events) {
        this.store = store;
        this.transport = transport;
        this.inflight = inflight;
        this.judge = judge;
        this.pendingDeletes = pendingDeletes;
        this.events = events;
    }

    /** Where alerts the store could not write wait; they go before anything stored. */
    void sendFromMemory(UnstoredAlerts source) {
        this.unstored = Objects.requireNonNull(source, "source");
    }

    /** Publishes so far (for the status, from any thread). */
    long published() {
        return published.get();
    }

    /** A new connection {@code generation}: both lanes are read from their oldest row again. */
    void connected(long generation) {
        this.generation = generation;
        unstoredLeft.clear();
        alertCursor = 0;
        telemetryCursor = 0;
    }

    /** The PUBACK of the memory alert message under the negative {@code key} came on this connection. */
    void memoryAlertAcknowledged(long key) {
        long seq = -key / 2;
        if (unstoredLeft.merge(seq, -1, Integer::sum) == 0) {
            unstored.acknowledged(seq);
        }
    }

    /**
     * Publishes from the outbox into the free part of the window; true if it should run again at
     * once. Alerts may use {@link InflightWindow#ALERT_RESERVE} slots beyond the telemetry window, so
     * a window full of unacknowledged telemetry never holds an alert back; a telemetry page stops as
     * soon as something was appended ({@link Uplink#wake()}), so the alert lane is looked at again
     * between publishes.
     */
    boolean fill() throws StoreException {
        if (inflight.isEmpty() && pendingDeletes.isEmpty()) {
            alertCursor = 0; // everything read before was acknowledged and deleted: this only finds requeued rows
            telemetryCursor = 0;
        }
        if (!fillFromMemory()) {
            return false;
        }
        if (judge.isolating(Lane.ALERT)) {
            return false;
        }
        int alertRoom = inflight.alertRoom();
        if (alertRoom > 0) {
            List<StoredMessage> alerts = store.page(Lane.ALERT, alertCursor, alertRoom);
            boolean sent = false;
            for (StoredMessage m : alerts) {
                Offer offer = offer(m);
                if (offer == Offer.BLOCKED) {
                    break;
                }
                alertCursor = m.id();
                sent = true;
                if (offer == Offer.ISOLATED) {
                    break;
                }
            }
            if (!alerts.isEmpty()) {
                return sent; // alerts again before any telemetry page
            }
        }
        if (judge.isolating()) {
            return false; // a suspect row goes alone; the lane waits for its PUBACK
        }
        int room = inflight.telemetryRoom();
        if (room <= 0) {
            return false;
        }
        List<StoredMessage> telemetry = store.page(Lane.TELEMETRY, telemetryCursor, room);
        for (StoredMessage m : telemetry) {
            if (events.wakePending()) {
                return true; // something was appended, maybe an alert: the rest of this page waits
            }
            Offer offer = offer(m);
            if (offer == Offer.BLOCKED) {
                return false;
            }
            telemetryCursor = m.id();
            if (offer == Offer.ISOLATED) {
                return false;
            }
        }
        return telemetry.size() == room; // a full page: there may be more
    }

    /** Publishes the alerts waiting in memory that are not in flight yet; false when the window is full. */
    private boolean fillFromMemory() {
        for (UnstoredAlert a : unstored.waiting()) {
            if (unstoredLeft.containsKey(a.seq())) {
                continue;
            }
            if (inflight.alertRoom() < a.messages().size()) {
                return false;
            }
            unstoredLeft.put(a.seq(), a.messages().size());
            for (int i = 0; i < a.messages().size(); i++) {
                OutgoingMessage m = a.messages().get(i);
                publish(-(2 * a.seq() + i), Lane.ALERT, m.topic(), m.payload(), m.retained());
            }
        }
        return true;
    }

    /**
     * Sends {@code m}, unless it is above the broker's size limit (dead-lettered at once) or a suspect
     * (its publish was followed by a link failure before): a suspect goes alone, when nothing else is
     * in flight and the broker has acknowledged the birth on this connection, so that a drop right
     * after it is surely a refusal of it and not of the link.
     */
    private Offer offer(StoredMessage m) {
        if (judge.tooBig(m)) {
            return Offer.DEAD_LETTERED;
        }
        if (judge.isSuspect(m.id())) {
            boolean mayGo = judge.connectionProven(inflight.ackTimeout());
            if (!inflight.isEmpty() || !mayGo) {
                return Offer.BLOCKED;
            }
            // its fate is judged: was it all written before the drop?
            transport.watchWritten(publish(m.id(), m.lane(), m.topic(), m.payload(), m.retained()));
            judge.isolate(m);
            return Offer.ISOLATED;
        }
        publish(m.id(), m.lane(), m.topic(), m.payload(), m.retained());
        return Offer.SENT;
    }

    /** Publishes QoS 1 into the window under {@code key} (an outbox id, or negative for memory). */
    private CompletableFuture<Void> publish(long key, Lane lane, String topic, byte[] payload, boolean retained) {
        published.incrementAndGet();
        CompletableFuture<Void> future = transport.publish(topic, payload, 1, retained);
        inflight.track(key, lane, future);
        events.reportOutcome(generation, key, future);
        return future;
    }
}
