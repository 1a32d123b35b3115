package org.fieldgate.gateway.rules;

import java.util.Objects;
import java.util.Optional;
import org.fieldgate.gateway.config.RuleConfig;

/**
 * What every rule kind shares: its config and the {@link LevelTrack} that turns "which level does
 * the condition say" into raised / escalated / deescalated / cleared with hysteresis and hold.
 * Subclasses decide the condition; the lifecycle is here once.
 */
abstract class TrackedRule implements Rule {

    protected final RuleConfig config;
    protected final LevelTrack track;

    /**
     * @param hysteresis in the input's unit (0 where the kind has none)
     * @param hold       how long a change must last, or null for none
     */
    TrackedRule(RuleConfig config, double hysteresis, java.time.Duration hold) {
        this.config = Objects.requireNonNull(config, "config");
        this.track = new LevelTrack(config.id(), config.levels(), hysteresis, hold);
    }

    @Override
    public final String id() {
        return config.id();
    }

    @Override
    public final RuleConfig config() {
        return config;
    }

    @Override
    public final synchronized int severity() {
        return track.current();
    }

    @Override
    public final synchronized Optional<RuleConfig.Level> level() {
        int c = track.current();
        return c == 0 ? Optional.empty() : Optional.of(track.level(c));
    }

    @Override
    public synchronized void restore(int severity, long since) {
        track.restore(severity, since);
    }
}
