package org.fieldgate.gateway.uplink;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Capped exponential backoff with jitter: attempt {@code n} (from 0) waits
 * {@code min(max, initial * 2^n)} scaled by a random factor in [0.5, 1.0), so that a fleet of
 * gateways coming back after a broker outage does not reconnect in lockstep.
 */
final class Backoff {

    private final long initialMs;
    private final long maxMs;
    private final DoubleSupplier random;

    Backoff(Duration initial, Duration max, DoubleSupplier random) {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("need 0 < initial <= max, got " + initial + ", " + max);
        }
        this.initialMs = initial.toMillis();
        this.maxMs = max.toMillis();
        this.random = random;
    }

    /** The delay before retry number {@code attempt} (0 = the first retry). */
    long delayMs(int attempt) {
        long base = attempt >= 62 ? maxMs : Math.min(maxMs, initialMs << Math.min(attempt, 30));
        if (base < 0) {
            base = maxMs;
        }
        return Math.max(1, (long) (base * (0.5 + 0.5 * random.getAsDouble())));
    }
}
