package org.fieldgate.gateway.rules;

import java.util.Optional;
import org.fieldgate.drivers.Reading;
import org.fieldgate.gateway.config.RuleCondition;
import org.fieldgate.gateway.config.RuleConfig;

/**
 * {@code silent: 5m} on a bare sensor id: raised when no valid reading (any channel) of the sensor
 * came for that long, cleared by the next valid reading. Time passes through {@link #tick}; before the
 * first reading, the silence counts from the first tick. The alert's {@code value} is the silence in
 * seconds and its {@code threshold} the configured duration in seconds.
 */
final class SilentRule extends TrackedRule {

    private final long silentMs;
    /** Time of the last valid reading, or of the first tick; Long.MIN_VALUE before either. */
    private long lastSeen = Long.MIN_VALUE;

    public SilentRule(RuleConfig config, RuleCondition.Silent silent) {
        super(config, 0, null);
        this.silentMs = silent.after().toMillis();
    }

    @Override
    public synchronized Optional<AlertEvent> evaluate(String sensor, Reading reading) {
        if (!LevelTrack.counts(reading, config.anyQuality())) {
            return Optional.empty();
        }
        lastSeen = Math.max(lastSeen, reading.time());
        int previous = track.update(0, reading.time());
        return Optional.ofNullable(track.event(previous, config.sensor(), reading.channel(), 0,
                silentMs / 1000.0, reading.time(), false));
    }

    @Override
    public synchronized Optional<AlertEvent> tick(long now) {
        if (lastSeen == Long.MIN_VALUE) {
            lastSeen = now;
        }
        long silence = now - lastSeen;
        if (silence < silentMs) {
            return Optional.empty();
        }
        int previous = track.update(1, now);
        return Optional.ofNullable(track.event(previous, config.sensor(), null, silence / 1000.0,
                silentMs / 1000.0, now, false));
    }

    @Override
    public synchronized void restore(int severity, long since) {
        track.restore(severity, since);
        if (severity > 0) {
            lastSeen = since - silentMs; // still silent until a reading says otherwise
        }
    }
}
