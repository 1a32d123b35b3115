package org.fieldgate.drivers;

import java.util.List;

/**
 * Where a driver delivers what it decodes. Implementations must be thread-safe: a driver calls
 * them from its own reader thread.
 */
public interface ReadingSink {

    /** Scalar readings taken at one instant (one per channel, or a subset). */
    void readings(List<Reading> readings);

    /** A block of waveform samples. */
    void waveform(WaveformPacket packet);
}
