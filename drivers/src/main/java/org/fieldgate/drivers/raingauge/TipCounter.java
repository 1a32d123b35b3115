package org.fieldgate.drivers.raingauge;

import java.time.Duration;

/**
 * Counts the bucket's tips from raw edges, debounced from their timestamps.
 *
 * <p>A reed switch bounces for a few milliseconds when it closes and again when it opens, while a
 * tip keeps it closed for 100 ms or more. So an edge in the counting direction is a tip only when
 * the line has been quiet (no edge either way) for the debounce time before it; otherwise it is a
 * bounce. Measuring quiet from the last edge of either direction also rejects the bounces of the
 * release, which come 100+ ms after the tip's own edge. Pure: time comes with each edge.
 */
final class TipCounter {

    private final boolean countRising;
    private final long debounceNanos;
    private boolean seenEdge;
    private long lastEdgeNanos;
    private long pending;
    private long tips;
    private long bounces;

    /**
     * @param countRising true when the rising edge is the tip (default: falling, a reed to ground)
     * @param debounce    quiet time required before a counting edge
     */
    TipCounter(boolean countRising, Duration debounce) {
        this.countRising = countRising;
        this.debounceNanos = debounce.toNanos();
    }

    /** Takes one edge (level after it, when seen); true when it was counted as a tip. */
    boolean edge(boolean high, long nanoTime) {
        boolean quiet = !seenEdge || nanoTime - lastEdgeNanos >= debounceNanos;
        seenEdge = true;
        lastEdgeNanos = nanoTime;
        if (high != countRising) {
            return false;
        }
        if (quiet) {
            pending++;
            tips++;
            return true;
        }
        bounces++;
        return false;
    }

    /** Tips since the last call (and starts counting the next interval). */
    long takePending() {
        long n = pending;
        pending = 0;
        return n;
    }

    long pending() {
        return pending;
    }

    /** Every tip counted since start. */
    long tips() {
        return tips;
    }

    /** Counting edges rejected as bounces since start. */
    long bounces() {
        return bounces;
    }
}
