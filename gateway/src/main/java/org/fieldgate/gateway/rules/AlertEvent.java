package org.fieldgate.gateway.rules;

/**
 * A change of an alarm's state, as published on {@code R/G/alert/{rule}} (without gw/seq, which the
 * store adds).
 *
 * @param rule      rule id
 * @param state     {@code raised}, {@code escalated}, {@code deescalated} or {@code cleared}
 * @param level     level name now in force (for {@code cleared}: the level that cleared)
 * @param severity  1-based index of {@code level} (0 when cleared)
 * @param sensor    sensor id of the input
 * @param channel   channel of the input
 * @param value     the reading that caused the change
 * @param threshold the threshold of {@code level}
 * @param time      time of that reading, ms since the epoch
 */
public record AlertEvent(String rule, String state, String level, int severity, String sensor, String channel,
                         double value, double threshold, long time) {
}
