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

    /** Monotonic counters (e.g. {@code frames}, {@code checksum_errors}, {@code reconnects}). */
    Map<String, Long> counters();

    /** Stops reading and releases the transport; idempotent. */
    @Override
    void close();
}
