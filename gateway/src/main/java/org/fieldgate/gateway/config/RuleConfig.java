package org.fieldgate.gateway.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One {@code rules:} entry: what every kind shares (id, input, {@code hold}, {@code actions},
 * {@code quality}) and its {@link RuleCondition}, which holds the kind's own keys.
 *
 * @param id         rule id ({@code [a-z0-9-]+}), part of the alert topic
 * @param sensor     sensor part of {@code input} (silent, sta_lta: the whole input; null for any/all)
 * @param channel    channel part of {@code input} (null for silent, sta_lta and any/all)
 * @param hold       how long a condition must last to raise, and to clear (zero, or null, for none;
 *                   silent and sta_lta have their own)
 * @param actions    output ids driven while the alarm is active
 * @param anyQuality {@code quality: any}: suspect and unsynced readings count too (default: only ok)
 * @param condition  the kind and its settings
 */
public record RuleConfig(String id, String sensor, String channel, Duration hold, List<String> actions,
                         boolean anyQuality, RuleCondition condition) {

    public RuleConfig {
        Objects.requireNonNull(id, "id");
        hold = hold == null ? Duration.ZERO : hold;
        actions = List.copyOf(actions);
        Objects.requireNonNull(condition, "condition");
    }

    /** A {@code levels} rule on {@code sensor.channel}, readings of quality ok only. */
    public RuleConfig(String id, String sensor, String channel, List<Level> levels, double hysteresis,
                      Duration hold, List<String> actions) {
        this(id, sensor, channel, hold, actions, false, new RuleCondition.Levels(levels, hysteresis));
    }

    /** {@code sensor.channel}, the bare sensor for silent and sta_lta, or null for any/all. */
    public String input() {
        if (sensor == null) {
            return null;
        }
        return channel == null ? sensor : sensor + "." + channel;
    }

    /**
     * The levels its alarm goes through, least severe first (severity = index + 1): a levels rule's
     * own, a rate rule's one threshold, and for the other kinds one level named after the rule.
     */
    public List<Level> levels() {
        if (condition instanceof RuleCondition.Levels l) {
            return l.levels();
        }
        if (condition instanceof RuleCondition.Rate r) {
            return List.of(r.level());
        }
        return List.of(new Level(id, 0.5, null)); // raised (1) or not (0)
    }

    /** The condition's hysteresis (0 for the kinds without one). */
    public double hysteresis() {
        return condition.hysteresis();
    }

    /** The condition kind, as its key in the config: levels, rate, silent, stuck, any, all or sta_lta. */
    public String kind() {
        return condition.key();
    }

    /** True for an sta_lta rule that sends its event's waveform window. */
    public boolean sendsEventWindow() {
        return condition instanceof RuleCondition.StaLta t && t.window();
    }

    /** One level; exactly one of {@code above}/{@code below} is set. */
    public record Level(String name, Double above, Double below) {
        public double threshold() {
            return above != null ? above : below;
        }

        public boolean isAbove() {
            return above != null;
        }
    }
}
