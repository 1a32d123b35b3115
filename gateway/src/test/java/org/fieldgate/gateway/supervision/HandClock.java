package org.fieldgate.gateway.supervision;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/** A monotonic clock moved by hand; its sleeper advances it at once and records each wait. */
final class HandClock {

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    final List<Duration> waits = new CopyOnWriteArrayList<>();

    long nanos() {
        return nanos.get();
    }

    void advance(Duration d) {
        nanos.addAndGet(d.toNanos());
    }

    void sleep(long n) {
        waits.add(Duration.ofNanos(n));
        nanos.addAndGet(n);
    }

    Supervisor supervisor() {
        return new Supervisor(this::nanos, this::sleep);
    }
}
