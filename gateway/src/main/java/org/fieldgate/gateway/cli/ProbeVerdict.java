package org.fieldgate.gateway.cli;

import java.util.Map;

/**
 * What {@code fieldgate probe} concludes from one session with a sensor, in words a technician can
 * act on, and the exit code that goes with it.
 *
 * @param text     one line, e.g. {@code OK: 12 readings}
 * @param exitCode 0 when the sensor delivered readings, 1 otherwise
 */
public record ProbeVerdict(String text, int exitCode) {

    /**
     * @param readings   reading sets (or waveform packets) the driver delivered
     * @param suspect    of those, sets with a reading outside the channel's physical range
     * @param counters   the driver's counters at the end
     * @param opened     false when the link never opened (null when the driver has no link)
     * @param lastError  the link's last error, or null
     * @param driver     driver id
     * @param where      the port, address or pin, for messages
     */
    static ProbeVerdict of(long readings, long suspect, Map<String, Long> counters, Boolean opened,
                           String lastError, String driver, String where) {
        if (readings > 0) {
            String text = "OK: " + readings + (readings == 1 ? " reading" : " readings");
            if (suspect > 0) {
                text += " (" + suspect + " outside the sensor's physical range: marked suspect)";
            }
            return new ProbeVerdict(text, 0);
        }
        if (Boolean.FALSE.equals(opened)) {
            return new ProbeVerdict("CANNOT OPEN: " + (lastError != null ? lastError : where + " did not open"), 1);
        }
        long bytes = counters.getOrDefault("bytes", 0L);
        long frames = counters.getOrDefault("frames", 0L);
        long garbled = counters.getOrDefault("checksum_errors", 0L) + counters.getOrDefault("resyncs", 0L);
        if (frames == 0 && (bytes > 0 || garbled > 0)) {
            return new ProbeVerdict("NO VALID FRAMES: bytes arrive but nothing decodes — wrong baud rate, "
                    + "wrong wiring (A/B swapped) or not a " + driver + " sensor", 1);
        }
        if (frames > 0) {
            return new ProbeVerdict("NO READINGS: " + frames + " frames decoded but the driver delivered no "
                    + "reading — check the driver's settings (--set …)", 1);
        }
        return new ProbeVerdict("NO DATA: nothing received from " + where + " — check power, wiring, port", 1);
    }
}
