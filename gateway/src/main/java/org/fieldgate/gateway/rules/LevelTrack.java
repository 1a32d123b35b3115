package org.fieldgate.gateway.rules;

import java.time.Duration;
import java.util.List;
import org.fieldgate.drivers.Quality;
import org.fieldgate.drivers.Reading;
import org.fieldgate.gateway.config.RuleConfig;

/**
 * The lifecycle every rule kind shares: ordered levels, each a trigger with hysteresis whose new
 * state counts only once it has lasted {@code hold} (in the time of the values given). The level in
 * force is the highest held level. Not thread-safe; the owning rule guards it.
 */
final class LevelTrack {

    private final String ruleId;
    private final List<RuleConfig.Level> levels;
    private final double hysteresis;
    private final long holdMs;

    private final boolean[] triggered;
    private final long[] changedAt;
    private final boolean[] held;
    /** Level in force: 0 none, else index + 1 (= severity). */
    private int current;

    LevelTrack(String ruleId, List<RuleConfig.Level> levels, double hysteresis, Duration hold) {
        this.ruleId = ruleId;
        this.levels = List.copyOf(levels);
        if (levels.isEmpty()) {
            throw new IllegalArgumentException("rule " + ruleId + ": no levels");
        }
        for (RuleConfig.Level l : levels) {
            if ((l.above() == null) == (l.below() == null)) {
                throw new IllegalArgumentException("rule " + ruleId + ": level " + l.name()
                        + " needs exactly one of above/below");
            }
        }
        if (!(hysteresis >= 0)) {
            throw new IllegalArgumentException("rule " + ruleId + ": hysteresis must be >= 0");
        }
        Duration h = hold == null ? Duration.ZERO : hold;
        if (h.isNegative()) {
            throw new IllegalArgumentException("rule " + ruleId + ": hold must be >= 0");
        }
        this.hysteresis = hysteresis;
        this.holdMs = h.toMillis();
        this.triggered = new boolean[levels.size()];
        this.changedAt = new long[levels.size()];
        this.held = new boolean[levels.size()];
    }

    /** A single level named after the rule, on when the value is above 0.5 (for yes/no conditions). */
    static LevelTrack yesNo(RuleConfig config) {
        return new LevelTrack(config.id(), List.of(new RuleConfig.Level(config.id(), 0.5, null)), 0, config.hold());
    }

    /** Whether a reading counts for a rule: a finite value, and quality ok unless {@code quality: any}. */
    static boolean counts(Reading r, boolean anyQuality) {
        return Double.isFinite(r.value()) && (anyQuality || r.quality() == Quality.OK);
    }

    int current() {
        return current;
    }

    RuleConfig.Level level(int severity) {
        return levels.get(severity - 1);
    }

    List<RuleConfig.Level> levels() {
        return levels;
    }

    /** Takes value {@code v} at time {@code t}; returns the previous severity (compare with {@link #current()}). */
    int update(double v, long t) {
        int next = 0;
        for (int i = 0; i < levels.size(); i++) {
            boolean on = triggered[i] ? !released(levels.get(i), v) : entered(levels.get(i), v);
            if (on != triggered[i]) {
                triggered[i] = on;
                changedAt[i] = t;
            }
            if (held[i] != triggered[i] && t - changedAt[i] >= holdMs) {
                held[i] = triggered[i];
            }
            if (held[i]) {
                next = i + 1;
            }
        }
        int previous = current;
        current = next;
        return previous;
    }

    /** Level {@code severity} and every lower one triggered and held since {@code since}. */
    void restore(int severity, long since) {
        if (severity < 0 || severity > levels.size()) {
            return;
        }
        for (int i = 0; i < levels.size(); i++) {
            boolean on = i < severity;
            triggered[i] = on;
            held[i] = on;
            changedAt[i] = since;
        }
        current = severity;
    }

    /** The event for a change from {@code previous} to {@link #current()}, or null when none. */
    AlertEvent event(int previous, String sensor, String channel, double value, double threshold, long time,
                     boolean useLevelThreshold) {
        int next = current;
        if (next == previous) {
            return null;
        }
        String state;
        RuleConfig.Level level;
        if (next == 0) {
            state = "cleared";
            level = levels.get(previous - 1);
        } else {
            state = previous == 0 ? "raised" : next > previous ? "escalated" : "deescalated";
            level = levels.get(next - 1);
        }
        return new AlertEvent(ruleId, state, level.name(), next, sensor, channel, value,
                useLevelThreshold ? level.threshold() : threshold, time);
    }

    private static boolean entered(RuleConfig.Level l, double v) {
        return l.isAbove() ? v > l.threshold() : v < l.threshold();
    }

    private boolean released(RuleConfig.Level l, double v) {
        return l.isAbove() ? v < l.threshold() - hysteresis : v > l.threshold() + hysteresis;
    }
}
