package org.fieldgate.gateway.uplink;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.fieldgate.gateway.store.DeadLetters;
import org.fieldgate.gateway.store.Lane;
import org.fieldgate.gateway.store.OutboxStore;
import org.fieldgate.gateway.store.StoreException;
import org.fieldgate.gateway.store.StoredMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides what the broker deterministically refuses, and only that goes to the dead-letter table
 * (docs/uplink.md): a PUBLISH packet above {@code max_message_size} at once; otherwise a row blamed
 * for a link failure (a suspect) goes alone from then on, and {@link #MAX_REFUSALS} drops in a row
 * right after it was sent alone and fully written convict it. The attempt counts are persisted
 * ({@link OutboxStore#recordAttempts}), so a restart loop neither resets nor convicts. Uplink thread only.
 */
final class RefusalJudge {

    private static final Logger LOG = LoggerFactory.getLogger(Uplink.class);
    /** Refusals in a row (see the class comment) before a message is dead-lettered. */
    static final int MAX_REFUSALS = 5;
    /**
     * A drop later than this after a lone message was published, or later than three round trips of
     * the birth on that connection if that is longer, is not taken for its refusal: a refusing broker
     * answers at once, and the shorter the window, the less a randomly cut link can look like one.
     */
    static final long REFUSAL_WINDOW_MS = 250;

    private final OutboxStore store;
    private final MqttTransport transport;
    /** The largest PUBLISH packet the broker takes ({@code uplink.mqtt.max_message_size}). */
    private final long maxMessageSize;
    private final AtomicLong deadLettered = new AtomicLong();
    /**
     * Per outbox row id: how often the link failed while it was the oldest in flight, and how many
     * of those in a row were refusals. Loaded from the store at start, written back on every change.
     */
    private final Map<Long, DeadLetters.Attempts> attempts = new HashMap<>();
    /** A suspect row in flight on its own (0: none); nothing else of its lane goes meanwhile. */
    private long isolated;
    private Lane isolatedLane;
    /** The broker acknowledged this connection's birth, and how long that took. */
    private boolean proven;
    private long birthRoundTripNanos;
    private long connectedAtNanos;

    RefusalJudge(OutboxStore store, MqttTransport transport, long maxMessageSize) {
        this.store = store;
        this.transport = transport;
        this.maxMessageSize = maxMessageSize;
    }

    /** Reads the attempts recorded before (by an earlier life of the uplink or of the gateway). */
    void load() {
        try {
            attempts.putAll(store.deliveryAttempts());
            if (!attempts.isEmpty()) {
                LOG.info("uplink: {} outbox row(s) failed in flight before; each goes alone first", attempts.size());
            }
        } catch (StoreException e) {
            LOG.error("uplink: cannot read the delivery attempts: {}", e.getMessage());
        }
    }

    /** Messages dead-lettered since start (for the status, from any thread). */
    long deadLettered() {
        return deadLettered.get();
    }

    /** A new connection: nothing is isolated on it, and the broker has not acknowledged its birth yet. */
    void connected() {
        isolated = 0;
        proven = false;
        connectedAtNanos = System.nanoTime();
    }

    /** The broker acknowledged this connection's birth. */
    void birthAcknowledged() {
        proven = true;
        birthRoundTripNanos = System.nanoTime() - connectedAtNanos;
    }

    /** Dead-letters {@code m} at once when its PUBLISH packet is above the broker's limit; true if so. */
    boolean tooBig(StoredMessage m) {
        long size = packetBytes(m);
        if (size <= maxMessageSize) {
            return false;
        }
        deadLetterNow(m.id(), "its " + size + "-byte PUBLISH packet is above the broker's limit of " + maxMessageSize
                + " bytes (uplink.mqtt.max_message_size)");
        return true;
    }

    /** Size of the QoS 1 PUBLISH packet: fixed header, topic, packet id, payload. */
    static long packetBytes(StoredMessage m) {
        long remaining = 2L + m.topic().getBytes(StandardCharsets.UTF_8).length + 2 + m.payload().length;
        int lengthBytes = remaining < 128 ? 1 : remaining < 16_384 ? 2 : remaining < 2_097_152 ? 3 : 4;
        return 1 + lengthBytes + remaining;
    }

    /** The row failed in flight before: it goes alone. */
    boolean isSuspect(long id) {
        return attempts.containsKey(id);
    }

    /**
     * Whether a suspect may go now that nothing else is in flight: once the broker acknowledged the
     * birth on this connection, so that a drop right after it is surely a refusal of it and not of
     * the link (or once {@code ackTimeout} passed without, so that a broker that never answers the
     * birth does not hold the lane forever).
     */
    boolean connectionProven(Duration ackTimeout) {
        return proven || System.nanoTime() - connectedAtNanos > ackTimeout.toNanos();
    }

    /** The suspect {@code m} was sent alone. */
    void isolate(StoredMessage m) {
        isolated = m.id();
        isolatedLane = m.lane();
    }

    /** A suspect is in flight alone. */
    boolean isolating() {
        return isolated != 0;
    }

    /** A suspect of {@code lane} is in flight alone. */
    boolean isolating(Lane lane) {
        return isolated != 0 && isolatedLane == lane;
    }

    /** {@code id} is no longer in flight on this connection: if it was the isolated suspect, its lane flows again. */
    void release(long id) {
        if (isolated == id) {
            isolated = 0;
        }
    }

    /** The row was acknowledged: its record goes with the row. */
    void delivered(long id) {
        attempts.remove(id);
    }

    /** The MQTT client refuses the row (e.g. a wildcard in the topic): it can never be sent. */
    void refusedByClient(long id, String why) {
        release(id);
        deadLetterNow(id, "refused by the MQTT client: " + why);
    }

    /**
     * The link failed while {@code suspect}, sent as {@code sent}, was the oldest of {@code inFlight}
     * unacknowledged rows: the broker handles a client's packets in order, so when a message makes
     * it drop the link, every older one was already taken. The blame is a failure (the row goes
     * alone from now on); it is a refusal only when the row was alone in flight on a connection the
     * broker had acknowledged something on, was fully written, and the drop came within
     * {@link #REFUSAL_WINDOW_MS}. {@link #MAX_REFUSALS} refusals in a row make a dead letter; any
     * other failure of the row alone starts the count again.
     */
    void blame(long suspect, InflightWindow.Inflight sent, int inFlight, String reason) {
        boolean alone = isolated == suspect && inFlight == 1;
        long window = Math.max(TimeUnit.MILLISECONDS.toNanos(REFUSAL_WINDOW_MS), 3 * birthRoundTripNanos);
        boolean refused = alone && proven && transport.written(sent.future())
                && System.nanoTime() - sent.sentAtNanos() <= window;
        DeadLetters.Attempts before = attempts.getOrDefault(suspect, new DeadLetters.Attempts(0, 0));
        DeadLetters.Attempts after = new DeadLetters.Attempts(before.failures() + 1,
                refused ? before.refusals() + 1 : alone ? 0 : before.refusals());
        if (after.refusals() >= MAX_REFUSALS) {
            attempts.remove(suspect);
            deadLetter(suspect, "the broker closed the connection right after this message, sent alone and fully"
                    + " written, " + after.refusals() + " times in a row while it acknowledged other messages"
                    + " (last: " + reason + ")", after.failures());
            return;
        }
        attempts.put(suspect, after);
        try {
            store.recordAttempts(suspect, after);
        } catch (StoreException e) {
            LOG.warn("uplink: cannot record the attempts of outbox row {}: {}", suspect, e.getMessage());
        }
        LOG.info("uplink: outbox row {} was in flight when the link failed ({} failure(s){}); it goes alone next time",
                suspect, after.failures(), refused ? ", " + after.refusals() + " refusal(s) in a row of "
                        + MAX_REFUSALS : "");
    }

    /** Dead-letters {@code id} with the failures counted so far. */
    private void deadLetterNow(long id, String reason) {
        DeadLetters.Attempts a = attempts.remove(id);
        deadLetter(id, reason, a == null ? 0 : a.failures());
    }

    private void deadLetter(long id, String reason, int failures) {
        deadLettered.incrementAndGet();
        try {
            store.deadLetter(id, reason, failures);
            LOG.error("uplink: outbox row {} moved to the dead-letter table: {}", id, reason);
        } catch (StoreException e) {
            LOG.error("uplink: cannot dead-letter outbox row {}: {}; it goes again", id, e.getMessage());
        }
    }
}
