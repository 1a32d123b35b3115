package org.fieldgate.drivers.io.gpio;

/**
 * Told of every level change of an input. Called on the GPIO library's thread: keep it short and
 * thread-safe (record the edge, hand it on).
 */
@FunctionalInterface
public interface EdgeListener {

    /**
     * @param high      the level after the edge (true = high: a rising edge)
     * @param nanoTime  {@link System#nanoTime()} when the edge was seen
     */
    void edge(boolean high, long nanoTime);
}
