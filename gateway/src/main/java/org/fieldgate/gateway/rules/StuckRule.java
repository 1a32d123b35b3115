package org.fieldgate.gateway.rules;

import java.util.Optional;
import org.fieldgate.drivers.Reading;
import org.fieldgate.gateway.config.RuleCondition;
import org.fieldgate.gateway.config.RuleConfig;

/**
 * {@code stuck: { for: 2h, tolerance: 0 }}: raised when the channel has stayed within
 * {@code tolerance} of one value for {@code for} (a frozen sensor still reporting), cleared by the
 * first reading that moves further. The alert's {@code threshold} is {@code for} in seconds.
 */
final class StuckRule extends TrackedRule {

    private final long forMs;
    private final double tolerance;
    private boolean started;
    private double runValue;
    private long runStart;

    public StuckRule(RuleConfig config, RuleCondition.Stuck stuck) {
        super(config, 0, config.hold());
        this.forMs = stuck.duration().toMillis();
        this.tolerance = stuck.tolerance();
    }

    @Override
    public synchronized Optional<AlertEvent> evaluate(String sensor, Reading reading) {
        if (!LevelTrack.counts(reading, config.anyQuality())) {
            return Optional.empty();
        }
        double v = reading.value();
        long t = reading.time();
        if (!started || Math.abs(v - runValue) > tolerance) {
            started = true;
            runValue = v;
            runStart = t;
        }
        int previous = track.update(t - runStart >= forMs ? 1 : 0, t);
        return Optional.ofNullable(track.event(previous, config.sensor(), config.channel(), v, forMs / 1000.0, t,
                false));
    }

}
