package org.fieldgate.gateway.rules;

import org.fieldgate.gateway.rules.sealevel.Wave;
import org.fieldgate.gateway.rules.seismic.Shaking;

/**
 * A change of an alarm's state, as published on {@code R/G/alert/{rule}} (without gw/seq, which the
 * store adds).
 *
 * @param rule      rule id
 * @param state     {@code raised}, {@code escalated}, {@code deescalated}, {@code updated} (an
 *                  earthquake's ground motion grew) or {@code cleared}
 * @param level     level name now in force (for {@code cleared}: the level that cleared)
 * @param severity  1-based index of {@code level} (0 when cleared)
 * @param sensor    sensor id of the input
 * @param channel   channel of the input (for an earthquake trigger: the axis, or {@code vector})
 * @param value     the reading that caused the change (for an earthquake trigger: the STA/LTA ratio)
 * @param threshold the threshold of {@code level}
 * @param time      time of that reading, ms since the epoch
 * @param shaking   for an earthquake trigger: onset and ground motion; else null
 * @param wave      for a tsunami detector: its signal, RMS, counter, forecasts and level; else null
 * @param rainMmH   for a radiation baseline with a rain gauge: the rain rate when rain was falling
 *                  (rain washes radon progeny down); else null
 */
public record AlertEvent(String rule, String state, String level, int severity, String sensor, String channel,
                         double value, double threshold, long time, Shaking shaking, Wave wave, Double rainMmH) {

    /** An event without rain. */
    public AlertEvent(String rule, String state, String level, int severity, String sensor, String channel,
                      double value, double threshold, long time, Shaking shaking, Wave wave) {
        this(rule, state, level, severity, sensor, channel, value, threshold, time, shaking, wave, null);
    }

    /** This event, noting that rain ({@code mmH}) was falling. */
    public AlertEvent withRain(double mmH) {
        return new AlertEvent(rule, state, level, severity, sensor, channel, value, threshold, time, shaking, wave, mmH);
    }

    /** An event without a tsunami detector's state. */
    public AlertEvent(String rule, String state, String level, int severity, String sensor, String channel,
                      double value, double threshold, long time, Shaking shaking) {
        this(rule, state, level, severity, sensor, channel, value, threshold, time, shaking, null, null);
    }

    /** An event of a rule on scalar readings. */
    public AlertEvent(String rule, String state, String level, int severity, String sensor, String channel,
                      double value, double threshold, long time) {
        this(rule, state, level, severity, sensor, channel, value, threshold, time, null);
    }
}
