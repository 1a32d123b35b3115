package org.fieldgate.gateway.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.fieldgate.gateway.supervision.Pulse;

/** A {@link Pulse} that keeps what a scheduled part told it, for the test to read (thread-safe). */
public final class RecordingPulse implements Pulse {

    /** Ticks that did their work. */
    public final AtomicInteger oks = new AtomicInteger();
    /** What failed ticks threw, in order. */
    public final List<Throwable> failures = new CopyOnWriteArrayList<>();

    @Override
    public void ok() {
        oks.incrementAndGet();
    }

    @Override
    public void failed(Throwable cause) {
        failures.add(cause);
    }
}
