package org.fieldgate.gateway.supervision;

import java.time.Duration;
import java.util.ArrayDeque;

/**
 * How long a failed part waits before its restart, and when it has failed too often to go on:
 * the n-th failure within {@link #WINDOW} waits {@code min(60 s, 1 s * 2^(n-1))}; failure number
 * {@link #MAX_FAILURES} + 1 within the window makes the part dead. A part that stays up for a
 * window therefore starts again from 1 s. Pure: the caller gives the time (monotonic nanoseconds).
 */
final class RestartBudget {

    static final Duration WINDOW = Duration.ofMinutes(10);
    static final int MAX_FAILURES = 10;
    static final Duration FIRST_DELAY = Duration.ofSeconds(1);
    static final Duration MAX_DELAY = Duration.ofSeconds(60);

    /** Failure times within the window, oldest first; never more than {@code MAX_FAILURES + 1}. */
    private final ArrayDeque<Long> failures = new ArrayDeque<>();

    /** Records a failure at {@code nowNanos}: the delay before the restart, or -1 when the part is dead. */
    long failed(long nowNanos) {
        while (!failures.isEmpty() && nowNanos - failures.peekFirst() >= WINDOW.toNanos()) {
            failures.removeFirst();
        }
        failures.addLast(nowNanos);
        int n = failures.size();
        if (n > MAX_FAILURES) {
            return -1;
        }
        long delay = FIRST_DELAY.toNanos() << Math.min(n - 1, 30);
        return Math.min(delay, MAX_DELAY.toNanos());
    }
}
