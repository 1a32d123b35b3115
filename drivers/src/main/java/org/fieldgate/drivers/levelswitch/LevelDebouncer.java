package org.fieldgate.drivers.levelswitch;

import java.time.Duration;
import java.util.Optional;

/**
 * A level that counts only once it has held for the debounce time: waves slosh a float and splash a
 * conductivity probe, so the raw input flickers around the switching point. Pure: time comes with
 * each call.
 */
final class LevelDebouncer {

    private final long debounceNanos;
    private boolean stable;
    private boolean latest;
    private long latestSinceNanos;

    LevelDebouncer(Duration debounce) {
        this.debounceNanos = debounce.toNanos();
    }

    /** The level read when the pin opened: taken as stable at once. */
    void start(boolean high, long nanoTime) {
        stable = high;
        latest = high;
        latestSinceNanos = nanoTime;
    }

    /** An edge: the raw level after it. */
    void edge(boolean high, long nanoTime) {
        if (high != latest) {
            latest = high;
            latestSinceNanos = nanoTime;
        }
    }

    /** The new stable level, when the raw level differs from it and has held for the debounce time. */
    Optional<Boolean> settle(long nanoTime) {
        if (latest != stable && nanoTime - latestSinceNanos >= debounceNanos) {
            stable = latest;
            return Optional.of(stable);
        }
        return Optional.empty();
    }

    boolean stable() {
        return stable;
    }
}
