package org.fieldgate.gateway.status;

import java.util.function.LongSupplier;

/**
 * Limits wrong PIN tries for the whole gateway (not per client: phones on a LAN change addresses
 * at will): after {@value #FREE_TRIES} wrong tries in a row every try is refused for a minute, then
 * for twice as long after each further wrong try, up to {@value #MAX_LOCK_MINUTES} minutes. A right
 * PIN resets the count. Refused tries never reach the slow hash, so guessing cannot load the gateway.
 * Thread-safe.
 */
final class PinLockout {

    static final int FREE_TRIES = 5;
    static final long MAX_LOCK_MINUTES = 15;
    private static final long MINUTE_MS = 60_000;

    private final LongSupplier clock;
    private int wrongInARow;
    private long lockedUntil;

    PinLockout(LongSupplier clockMillis) {
        this.clock = clockMillis;
    }

    /** Milliseconds until a try is allowed again; 0 = allowed now. */
    synchronized long lockedForMs() {
        return Math.max(0, lockedUntil - clock.getAsLong());
    }

    synchronized void wrong() {
        wrongInARow++;
        if (wrongInARow >= FREE_TRIES) {
            int over = Math.min(wrongInARow - FREE_TRIES, 10);
            long lock = Math.min(MINUTE_MS << over, MAX_LOCK_MINUTES * MINUTE_MS);
            lockedUntil = clock.getAsLong() + lock;
        }
    }

    synchronized void right() {
        wrongInARow = 0;
        lockedUntil = 0;
    }

    /** Wrong tries in a row so far. */
    synchronized int wrongInARow() {
        return wrongInARow;
    }
}
