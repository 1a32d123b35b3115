package org.fieldgate.drivers.testing;

import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Polls a condition until it holds or a generous deadline passes (no timing assertions). */
public final class Await {

    private Await() {
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
