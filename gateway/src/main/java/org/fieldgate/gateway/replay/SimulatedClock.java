package org.fieldgate.gateway.replay;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock that shows the time it was last set to: replay moves it to each reading's time, so
 * whatever in the pipeline asks the clock sees recorded time, not wall time. Never goes backwards.
 */
final class SimulatedClock extends Clock {

    private volatile long millis;

    public SimulatedClock(long startMillis) {
        this.millis = startMillis;
    }

    /** Moves the clock to {@code t}; a time before the current one leaves the clock where it is. */
    public void advanceTo(long t) {
        if (t > millis) {
            millis = t;
        }
    }

    @Override
    public long millis() {
        return millis;
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        if (ZoneOffset.UTC.equals(zone)) {
            return this;
        }
        throw new UnsupportedOperationException("the simulated clock is UTC only");
    }
}
