package org.fieldgate.drivers;

import java.util.Map;

/**
 * A running sensor: owns its transport (or simulation) and delivers decoded readings to a sink.
 * A driver knows nothing of MQTT, storage or rules.
 */
public interface Driver extends AutoCloseable {

    /** Starts reading in the driver's own thread(s); returns at once. */
    void start(ReadingSink sink);

    /** Current state. */
    SensorState state();

    /**
     * False when the thread the driver reads on has ended while the driver should be running (an
     * {@link Error} escaped it, a scheduled task was cancelled by a throw): the gateway then closes
     * the driver and creates a new one through its factory. True before {@link #start} and after
     * {@link #close}. Drivers without a thread of their own need not override it.
     */
    default boolean alive() {
        return true;
    }

    /** Monotonic counters (e.g. {@code frames}, {@code checksum_errors}, {@code reconnects}). */
    Map<String, Long> counters();

    /** Stops reading and releases the transport; idempotent. */
    @Override
    void close();
}
