package org.fieldgate.gateway.rules;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.fieldgate.drivers.Quality;
import org.fieldgate.drivers.Reading;
import org.fieldgate.gateway.config.RuleConfig;

/**
 * Ordered threshold levels on one channel ({@code levels:} with {@code above:} or {@code below:},
 * {@code hysteresis:}, {@code hold:}).
 *
 * <p>Each level is a trigger with hysteresis: it switches on when the value goes past its threshold
 * ({@code > above}, {@code < below}) and off only when the value goes back past
 * threshold ∓ hysteresis ({@code < above - h}, {@code > below + h}). A trigger's new state counts
 * only once it has lasted {@code hold} without interruption, measured in reading time; so a raise
 * and a clear both need the condition to hold that long. The level in force is the highest level
 * whose held state is on. A change of that level is one event: {@code raised} (from none),
 * {@code escalated}, {@code deescalated}, {@code cleared} (back to none).
 *
 * <p>Only readings of quality {@link Quality#OK} with a finite value are looked at; the others do
 * not change any state, not even the hold timers. Pure and deterministic: the result depends only
 * on the readings given, in order (so recorded data can be replayed). Not thread-safe: feed one
 * rule from one thread at a time.
 */
public final class LevelRule {

    private final RuleConfig config;
    private final List<RuleConfig.Level> levels;
    private final double hysteresis;
    private final long holdMs;

    /** Per level: trigger state (with hysteresis), when it last changed, and the state after hold. */
    private final boolean[] triggered;
    private final long[] changedAt;
    private final boolean[] held;
    /** Level in force: 0 none, else index + 1 (= severity). */
    private int current;

    public LevelRule(RuleConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.levels = config.levels();
        if (levels.isEmpty()) {
            throw new IllegalArgumentException("rule " + config.id() + ": no levels");
        }
        for (RuleConfig.Level l : levels) {
            if ((l.above() == null) == (l.below() == null)) {
                throw new IllegalArgumentException("rule " + config.id() + ": level " + l.name()
                        + " needs exactly one of above/below");
            }
        }
        if (!(config.hysteresis() >= 0)) {
            throw new IllegalArgumentException("rule " + config.id() + ": hysteresis must be >= 0");
        }
        Duration hold = config.hold() == null ? Duration.ZERO : config.hold();
        if (hold.isNegative()) {
            throw new IllegalArgumentException("rule " + config.id() + ": hold must be >= 0");
        }
        this.hysteresis = config.hysteresis();
        this.holdMs = hold.toMillis();
        this.triggered = new boolean[levels.size()];
        this.changedAt = new long[levels.size()];
        this.held = new boolean[levels.size()];
    }

    public String id() {
        return config.id();
    }

    public String sensor() {
        return config.sensor();
    }

    public String channel() {
        return config.channel();
    }

    public RuleConfig config() {
        return config;
    }

    /** Severity of the level in force: 0 when no alarm, else level index + 1. */
    public int severity() {
        return current;
    }

    /** The level in force, if any. */
    public Optional<RuleConfig.Level> level() {
        return current == 0 ? Optional.empty() : Optional.of(levels.get(current - 1));
    }

    /**
     * Takes one reading of this rule's input channel, in time order.
     *
     * @return the alert event when the level in force changed
     */
    public Optional<AlertEvent> evaluate(Reading reading) {
        if (reading.quality() != Quality.OK || !Double.isFinite(reading.value())) {
            return Optional.empty();
        }
        double v = reading.value();
        long t = reading.time();
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
        if (next == current) {
            return Optional.empty();
        }
        int previous = current;
        current = next;
        return Optional.of(event(previous, next, reading));
    }

    private AlertEvent event(int previous, int next, Reading reading) {
        String state;
        RuleConfig.Level level;
        if (next == 0) {
            state = "cleared";
            level = levels.get(previous - 1);
        } else {
            state = previous == 0 ? "raised" : next > previous ? "escalated" : "deescalated";
            level = levels.get(next - 1);
        }
        return new AlertEvent(config.id(), state, level.name(), next, config.sensor(), config.channel(),
                reading.value(), level.threshold(), reading.time());
    }

    private static boolean entered(RuleConfig.Level l, double v) {
        return l.isAbove() ? v > l.threshold() : v < l.threshold();
    }

    private boolean released(RuleConfig.Level l, double v) {
        return l.isAbove() ? v < l.threshold() - hysteresis : v > l.threshold() + hysteresis;
    }
}
