package org.fieldgate.gateway.uplink;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The uplink thread's inbox: PUBACKs, failed publishes, the birth's acknowledgement and connection
 * loss come from the client's threads, wakes from the pipeline; the uplink thread takes them in
 * order, so that only it touches the window, the store and the transport.
 */
final class UplinkEvents {

    sealed interface Event permits Acked, Failed, Lost, Proven, Wake {
    }

    /** The birth of connection {@code generation} was acknowledged. */
    record Proven(long generation) implements Event {
    }

    record Acked(long generation, long id) implements Event {
    }

    record Failed(long generation, long id, Throwable error) implements Event {
    }

    record Lost(Throwable cause) implements Event {
    }

    enum Wake implements Event {
        INSTANCE
    }

    private final BlockingQueue<Event> queue = new LinkedBlockingQueue<>();
    /** A wake is queued and not handled yet: further wakes add nothing. */
    private final AtomicBoolean wakePending = new AtomicBoolean();

    void add(Event event) {
        queue.add(event);
    }

    /** Queues one {@link Wake} unless one is already waiting. */
    void wake() {
        if (wakePending.compareAndSet(false, true)) {
            queue.add(Wake.INSTANCE);
        }
    }

    /** Something was appended since the last wake was handled. */
    boolean wakePending() {
        return wakePending.get();
    }

    /** A {@link Wake} was taken from the queue. */
    void woken() {
        wakePending.set(false);
    }

    /** Queues {@link Acked} or {@link Failed} for {@code id} (outbox row or memory key) when {@code publish} ends. */
    void reportOutcome(long generation, long id, CompletableFuture<Void> publish) {
        publish.whenComplete((ok, error) ->
                queue.add(error == null ? new Acked(generation, id) : new Failed(generation, id, error)));
    }

    /** The next event, or null when none is queued. */
    Event poll() {
        return queue.poll();
    }

    /** The next event, waiting up to {@code ms}; null when none came. */
    Event poll(long ms) throws InterruptedException {
        return queue.poll(ms, TimeUnit.MILLISECONDS);
    }
}
