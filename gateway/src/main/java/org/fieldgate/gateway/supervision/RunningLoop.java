package org.fieldgate.gateway.supervision;

/** A long-lived loop started by a {@link LoopStarter}: the thread its owner stops and joins. */
public interface RunningLoop {

    /**
     * No restart after this: a loop waiting for its restart ends at once. The owner still makes its
     * body return (its own running flag) and joins.
     */
    void stopRestarts();

    /** Waits up to {@code millis} for the loop's thread to end; true when it has. */
    boolean join(long millis) throws InterruptedException;

    /** Interrupts the loop's thread (a body that does not return in time). */
    void interrupt();

    /** True while the loop's thread runs (or waits for a restart). */
    boolean isAlive();
}
