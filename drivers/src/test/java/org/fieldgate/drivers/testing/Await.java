package org.fieldgate.drivers.testing;

import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The one polling wait of the tests: a condition is polled until it holds or a generous deadline
 * passes, and the failure says what was awaited and what was last seen (no timing assertions).
 */
public final class Await {

    /** Long enough for a loaded CI machine; a test never asserts on how long a wait took. */
    private static final int DEFAULT_SECONDS = 15;

    private Await() {
    }

    /** Waits up to 15 s for {@code condition}; fails with {@code what}. */
    public static void until(String what, BooleanSupplier condition) {
        until(what, DEFAULT_SECONDS, condition);
    }

    /** Waits up to 15 s for {@code condition}; fails with {@code what} and what {@code lastSeen} gives then. */
    public static void until(String what, BooleanSupplier condition, Supplier<?> lastSeen) {
        until(what, DEFAULT_SECONDS, condition, () -> "last seen: " + lastSeen.get());
    }

    /** Waits up to {@code seconds} for {@code condition}; fails with {@code what}. */
    public static void until(String what, int seconds, BooleanSupplier condition) {
        until(what, seconds, condition, () -> "");
    }

    /** Waits up to {@code seconds} for {@code condition}; fails with {@code what} and a state dump. */
    public static void until(String what, int seconds, BooleanSupplier condition, Supplier<String> state) {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out after " + seconds + " s waiting for " + what + "; " + state.get());
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what);
            }
        }
    }
}
