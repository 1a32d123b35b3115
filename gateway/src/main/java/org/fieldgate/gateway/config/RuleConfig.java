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
 * @param staLta     for {@link Kind#STA_LTA} (input: a bare waveform sensor), else null
 */
public record RuleConfig(String id, String sensor, String channel, List<Level> levels, double hysteresis,
                         Duration hold, List<String> actions, Kind kind, Rate rate, Duration silent, Stuck stuck,
                         List<Condition> conditions, boolean anyQuality, StaLta staLta) {
    public RuleConfig {
        levels = List.copyOf(levels);
        actions = List.copyOf(actions);
        conditions = List.copyOf(conditions);
        Objects.requireNonNull(kind, "kind");
    }

    /** A rule of any kind but sta_lta. */
    public RuleConfig(String id, String sensor, String channel, List<Level> levels, double hysteresis,
                      Duration hold, List<String> actions, Kind kind, Rate rate, Duration silent, Stuck stuck,
                      List<Condition> conditions, boolean anyQuality) {
        this(id, sensor, channel, levels, hysteresis, hold, actions, kind, rate, silent, stuck, conditions, anyQuality,
                null);
    }

    /** A {@code levels} rule (the original shape). */
    public RuleConfig(String id, String sensor, String channel, List<Level> levels, double hysteresis,
                      Duration hold, List<String> actions) {
        this(id, sensor, channel, levels, hysteresis, hold, actions, Kind.LEVELS, null, null, null, List.of(), false);
    }

    /** {@code sensor.channel}, the bare sensor for silent and sta_lta, or null for any/all. */
    public String input() {
        if (sensor == null) {
            return null;
        }
        return channel == null ? sensor : sensor + "." + channel;
    }

    public enum Kind { LEVELS, RATE, SILENT, STUCK, ANY, ALL, STA_LTA }

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

    /**
     * {@code sta_lta: { sta: 1s, lta: 10s, on: 3.5, off: 1.5, method: classic, axis: vector, … }}: an
     * earthquake trigger on a waveform sensor (docs/seismic.md).
     *
     * @param sta         short-term window
     * @param lta         long-term window
     * @param on          the ratio above which an event starts
     * @param off         the ratio at or below which it ends ({@code off <= on})
     * @param method      classic or recursive (ObsPy's definitions)
     * @param axis        {@code vector} (sum of squares of all axes), {@code any} (each axis on its own,
     *                    the first to trigger raises), or one axis name
     * @param bandpass    corner frequencies in Hz {@code [low, high]} of an optional band-pass after the
     *                    offset removal, or null
     * @param minDuration the trigger must stay on this long before the alert goes (0: at once)
     * @param maxDuration an event still on after this long ends; the trigger re-arms once the ratio has
     *                    fallen to {@code off}
     * @param pre         seconds of waveform before the onset in the event window
     * @param post        seconds of waveform after the end in the event window (0 with pre 0: no window)
     */
    public record StaLta(Duration sta, Duration lta, double on, double off, Method method, String axis,
                         double[] bandpass, Duration minDuration, Duration maxDuration, Duration pre, Duration post) {

        public enum Method { CLASSIC, RECURSIVE }

        /** True when the event waveform window is sent. */
        public boolean window() {
            return !pre.isZero() || !post.isZero();
        }
    }
}
