package org.fieldgate.gateway.outputs;

import java.time.Duration;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.fieldgate.drivers.DurationText;
import org.fieldgate.gateway.config.OutputConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether one output is on at a given instant, from the alarms that drive it: the pattern of the
 * highest severity among them, timed from the moment that set of alarms (rule and level) began,
 * and off once {@code max_on} has passed until the set changes. Pure apart from its log lines;
 * used by one thread.
 */
final class OutputDrive {

    private static final Logger log = LoggerFactory.getLogger(OutputDrive.class);

    private final OutputConfig config;
    private SortedMap<String, Integer> driving = new TreeMap<>();
    private long since;
    private boolean expired;

    OutputDrive(OutputConfig config) {
        this.config = config;
    }

    /**
     * @param alarms   rule id to severity of every active, not silenced alarm that drives this output
     * @param nowNanos a monotonic time ({@link System#nanoTime()} or a test clock)
     * @return true when the output is on now
     */
    boolean on(Map<String, Integer> alarms, long nowNanos) {
        if (!driving.equals(alarms)) {
            driving = new TreeMap<>(alarms);
            since = nowNanos;
            expired = false;
            log.info("output {}: {}", config.id(), describe());
        }
        if (driving.isEmpty()) {
            return false;
        }
        long elapsed = nowNanos - since;
        Duration maxOn = config.maxOn();
        if (maxOn != null && elapsed >= maxOn.toNanos()) {
            if (!expired) {
                expired = true;
                log.warn("output {}: off after max_on {} for {}; on again when the alarm changes level or clears",
                        config.id(), DurationText.format(maxOn), driving);
            }
            return false;
        }
        OutputConfig.Pattern p = config.pattern(severity());
        if (p.steady()) {
            return true;
        }
        long cycle = p.on().toNanos() + p.off().toNanos();
        return elapsed % cycle < p.on().toNanos();
    }

    /** The highest severity driving the output, 0 when none. */
    int severity() {
        int s = 0;
        for (int v : driving.values()) {
            s = Math.max(s, v);
        }
        return s;
    }

    private String describe() {
        if (driving.isEmpty()) {
            return "off (no active, unsilenced alarm drives it)";
        }
        return "on, " + config.pattern(severity()) + " (severity " + severity() + " of " + driving + ")";
    }
}
