package org.fieldgate.gateway.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One {@code rules:} entry: an input, one condition kind and the lifecycle settings every kind shares
 * ({@code hysteresis}, {@code hold}, {@code actions}, {@code quality}).
 *
 * @param id         rule id ({@code [a-z0-9-]+}), part of the alert topic
 * @param sensor     sensor part of {@code input} (for {@code silent}: the whole input; null for any/all)
 * @param channel    channel part of {@code input} (null for silent and any/all)
 * @param levels     ordered levels, lowest severity first (severity = index + 1); for rate: one level
 *                   named after the rule holding the rate threshold; for silent, stuck, any and all:
 *                   one level named after the rule
 * @param hysteresis a raised level clears only when the value is this far back past its threshold
 * @param hold       how long a condition must last to raise, and to clear
 * @param actions    output ids driven while the alarm is active
 * @param kind       the condition kind
 * @param rate       for {@link Kind#RATE}, else null
 * @param silent     for {@link Kind#SILENT}: no valid reading this long raises; else null
 * @param stuck      for {@link Kind#STUCK}, else null
 * @param conditions for {@link Kind#ANY}/{@link Kind#ALL}, else empty
 * @param anyQuality {@code quality: any}: suspect and unsynced readings count too (default: only ok)
 */
public record RuleConfig(String id, String sensor, String channel, List<Level> levels, double hysteresis,
                         Duration hold, List<String> actions, Kind kind, Rate rate, Duration silent, Stuck stuck,
                         List<Condition> conditions, boolean anyQuality) {
    public RuleConfig {
        levels = List.copyOf(levels);
        actions = List.copyOf(actions);
        conditions = List.copyOf(conditions);
        Objects.requireNonNull(kind, "kind");
    }

    /** A {@code levels} rule (the original shape). */
    public RuleConfig(String id, String sensor, String channel, List<Level> levels, double hysteresis,
                      Duration hold, List<String> actions) {
        this(id, sensor, channel, levels, hysteresis, hold, actions, Kind.LEVELS, null, null, null, List.of(), false);
    }

    /** {@code sensor.channel}, the bare sensor for silent, or null for any/all. */
    public String input() {
        if (sensor == null) {
            return null;
        }
        return channel == null ? sensor : sensor + "." + channel;
    }

    public enum Kind { LEVELS, RATE, SILENT, STUCK, ANY, ALL }

    /**
     * One level; exactly one of {@code above}/{@code below} is set.
     */
    public record Level(String name, Double above, Double below) {
        public double threshold() {
            return above != null ? above : below;
        }

        public boolean isAbove() {
            return above != null;
        }
    }

    /**
     * {@code rate: { above: 0.3, per: 1h, window: 15m }}: the slope of the channel over the last
     * {@code window} of readings, in channel units per {@code per}; the threshold is in the rule's
     * single level.
     */
    public record Rate(Duration per, Duration window) {
    }

    /** {@code stuck: { for: 2h, tolerance: 0 }}: no change beyond {@code tolerance} for {@code duration}. */
    public record Stuck(Duration duration, double tolerance) {
    }

    /** One {@code { input: s.ch, above: x }} (or {@code below}) of an any/all rule. */
    public record Condition(String sensor, String channel, Double above, Double below) {
        public double threshold() {
            return above != null ? above : below;
        }

        public boolean isAbove() {
            return above != null;
        }
    }
}
