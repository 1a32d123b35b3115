package org.fieldgate.gateway.uplink;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.fieldgate.gateway.store.Lane;

/**
 * The publishes of one connection that wait for their PUBACK, in publish order: how much room
 * telemetry and alerts have left, and whether the link stopped acknowledging (the PUBACK timeout).
 * Written by the uplink thread only; {@link #count()} may be read by any thread.
 */
final class InflightWindow {

    /** Slots beyond the telemetry window that only alerts may use: an alert never waits for a telemetry PUBACK. */
    static final int ALERT_RESERVE = 8;
    /** Default time without any PUBACK, while something is in flight, before the link is torn down. */
    static final Duration ACK_TIMEOUT = Duration.ofSeconds(15);

    /** One publish waiting for its PUBACK. */
    record Inflight(Lane lane, long sentAtNanos, CompletableFuture<Void> future) {
    }

    /** {@code uplink.mqtt.max_inflight}: telemetry publishes waiting for PUBACK at most. */
    private final int window;
    /** Published, not yet acknowledged, in publish order (the first is the oldest). */
    private final LinkedHashMap<Long, Inflight> inflight = new LinkedHashMap<>();
    private int telemetryInflight;
    private volatile int count;
    private long lastAckNanos;
    private volatile Duration ackTimeout = ACK_TIMEOUT;

    InflightWindow(int window) {
        this.window = window;
    }

    /** For tests: a shorter PUBACK timeout. */
    void ackTimeout(Duration timeout) {
        this.ackTimeout = timeout;
    }

    Duration ackTimeout() {
        return ackTimeout;
    }

    /** A new connection: everything in flight on the last one is forgotten (it stays in the outbox). */
    void reset() {
        inflight.clear();
        count = 0;
        telemetryInflight = 0;
        lastAckNanos = System.nanoTime();
    }

    void track(long id, Lane lane, CompletableFuture<Void> future) {
        inflight.put(id, new Inflight(lane, System.nanoTime(), future));
        if (lane == Lane.TELEMETRY) {
            telemetryInflight++;
        }
        count = inflight.size();
    }

    void untrack(long id) {
        Inflight gone = inflight.remove(id);
        if (gone != null && gone.lane() == Lane.TELEMETRY) {
            telemetryInflight--;
        }
        count = inflight.size();
    }

    /** The PUBACK of {@code id} came on this connection. */
    void acknowledged(long id) {
        untrack(id);
        lastAckNanos = System.nanoTime();
    }

    boolean contains(long id) {
        return inflight.containsKey(id);
    }

    boolean isEmpty() {
        return inflight.isEmpty();
    }

    int size() {
        return inflight.size();
    }

    /** How many wait for their PUBACK (for the status, from any thread). */
    int count() {
        return count;
    }

    /** The oldest publish still waiting; the window must not be empty. */
    Map.Entry<Long, Inflight> oldest() {
        return inflight.entrySet().iterator().next();
    }

    /** Slots an alert may still take: the telemetry window and the {@link #ALERT_RESERVE}. */
    int alertRoom() {
        return window + ALERT_RESERVE - inflight.size();
    }

    /** Slots telemetry may still take: it keeps to its window and never takes the alerts' reserve. */
    int telemetryRoom() {
        return Math.min(window - telemetryInflight, alertRoom());
    }

    /**
     * A link that stops acknowledging (half-open TCP, a frozen broker) must be torn down: true when
     * something is in flight and no PUBACK came for the ack timeout since the later of the last
     * PUBACK and the oldest in-flight publish. Measured from the last PUBACK too, so a slow link that
     * still moves (a big window draining over 2G) is not mistaken for a dead one.
     */
    boolean ackOverdue() {
        if (inflight.isEmpty()) {
            return false;
        }
        long quietSince = Math.max(oldest().getValue().sentAtNanos(), lastAckNanos);
        return System.nanoTime() - quietSince >= ackTimeout.toNanos();
    }
}
