package org.fieldgate.gateway.rules;

import java.util.Optional;
import org.fieldgate.drivers.Reading;
import org.fieldgate.gateway.config.RuleCondition;
import org.fieldgate.gateway.config.RuleConfig;
import org.fieldgate.gateway.rules.sealevel.SeaLevelDetector;
import org.fieldgate.gateway.rules.sealevel.Wave;

/**
 * A tsunami detector ({@code sea_level:}) on a sea-level channel ({@link SeaLevelDetector}).
 *
 * <p>Lifecycle (one level, named after the rule): {@code raised} when the counter reaches
 * {@code count}; {@code updated} while raised, each time the signal's size grows by a tenth over
 * the last alert's; {@code cleared} once the counter has stayed at 0 for {@code clear_after}. Each
 * alert carries the detector's state ({@link Wave}); its value is the signal and its threshold the
 * larger of {@code ratio × RMS} and {@code threshold}. Readings that are not {@code ok} (the quality
 * gate's {@code suspect}, {@code unsynced}) never reach the detector.
 */
final class SeaLevelRule implements Rule {

    private final RuleConfig config;
    private final RuleCondition.SeaLevel condition;
    private final RuleConfig.Level level;
    private final SeaLevelDetector detector;

    private boolean raised;
    private long zeroSince = -1;
    private double reported;

    SeaLevelRule(RuleConfig config, RuleCondition.SeaLevel condition) {
        this.config = config;
        this.condition = condition;
        this.level = config.levels().get(0);
        this.detector = new SeaLevelDetector(condition.shortWindow().toMillis(), condition.longWindow().toMillis(),
                condition.ratio(), condition.threshold(), condition.count(), condition.maxGap().toMillis());
    }

    @Override
    public String id() {
        return config.id();
    }

    @Override
    public RuleConfig config() {
        return config;
    }

    @Override
    public synchronized int severity() {
        return raised ? 1 : 0;
    }

    @Override
    public synchronized Optional<RuleConfig.Level> level() {
        return raised ? Optional.of(level) : Optional.empty();
    }

    @Override
    public synchronized Optional<AlertEvent> evaluate(String sensor, Reading reading) {
        if (!LevelTrack.counts(reading, config.anyQuality())) {
            return Optional.empty();
        }
        long t = reading.time();
        SeaLevelDetector.Step step = detector.add(t, reading.value());
        if (step == null) {
            return Optional.empty();
        }
        zeroSince = step.counter() > 0 ? -1 : zeroSince < 0 ? t : zeroSince;
        double size = Math.abs(step.signal());
        if (!raised && step.counter() >= condition.count()) {
            raised = true;
            reported = size;
            return Optional.of(event("raised", 1, step, t));
        }
        if (raised && step.counter() == 0 && t - zeroSince >= condition.clearAfter().toMillis()) {
            raised = false;
            return Optional.of(event("cleared", 0, step, t));
        }
        if (raised && step.counted() && size >= reported * 1.1) {
            reported = size;
            return Optional.of(event("updated", 1, step, t));
        }
        return Optional.empty();
    }

    /**
     * A restored alarm stays raised until the detector, warmed up again, has kept its counter at 0
     * for {@code clear_after}.
     */
    @Override
    public synchronized void restore(int severity, long since) {
        if (severity >= 1) {
            raised = true;
            reported = 0;
        }
    }

    private AlertEvent event(String state, int severity, SeaLevelDetector.Step s, long t) {
        return new AlertEvent(id(), state, level.name(), severity, config.sensor(), config.channel(), s.signal(),
                Math.max(condition.ratio() * s.rms(), condition.threshold()), t, null, Wave.of(s));
    }
}
