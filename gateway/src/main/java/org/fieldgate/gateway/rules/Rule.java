package org.fieldgate.gateway.rules;

import java.util.List;
import java.util.Optional;
import org.fieldgate.drivers.Reading;
import org.fieldgate.drivers.WaveformPacket;
import org.fieldgate.gateway.config.RuleConfig;

/**
 * One alert rule of any kind. Each kind keeps the same lifecycle (levels with hysteresis and hold,
 * one event per change of the level in force) and differs in what it feeds into it. Implementations
 * are thread-safe (an any/all rule takes readings of several sensors; {@link #tick} comes from
 * another thread) and deterministic: the result depends only on the readings and ticks given.
 */
public interface Rule {

    String id();

    RuleConfig config();

    /** Severity of the level in force: 0 when no alarm, else level index + 1. */
    int severity();

    /** The level in force, if any. */
    Optional<RuleConfig.Level> level();

    /**
     * Takes one reading of {@code sensor} that the engine routed here (one of this rule's inputs), in
     * time order per sensor.
     *
     * @return the alert event when the level in force changed
     */
    Optional<AlertEvent> evaluate(String sensor, Reading reading);

    /**
     * Takes one block of a waveform of {@code sensor} (earthquake triggers); blocks in time order.
     *
     * @return the alert events the block caused, in sample order (usually none)
     */
    default List<AlertEvent> waveform(String sensor, WaveformPacket packet) {
        return List.of();
    }

    /**
     * Takes an alert of another rule this one watches (an any/all clause {@code rule:}); the engine
     * passes each alert only to the rules defined after the one that raised it.
     *
     * @return the alert event when the level in force changed
     */
    default Optional<AlertEvent> ruleChanged(AlertEvent event) {
        return Optional.empty();
    }

    /** Lets time pass without a reading (silent rules raise here); {@code now} in ms since the epoch. */
    default Optional<AlertEvent> tick(long now) {
        return Optional.empty();
    }

    /**
     * Puts the rule back into an alarm state it had before a restart: the level {@code severity} is in
     * force (held) since {@code since}, so a still-true condition raises nothing new and a false one
     * clears normally. Call before the first reading. Unknown severities are ignored.
     */
    void restore(int severity, long since);
}
