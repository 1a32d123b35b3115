package org.fieldgate.gateway.rules;

import java.util.Optional;
import org.fieldgate.drivers.Reading;
import org.fieldgate.gateway.config.RuleCondition;
import org.fieldgate.gateway.config.RuleConfig;

/**
 * {@code rate: { above: 0.3, per: 1h, window: 15m }}: the rate of change of one channel, as the
 * Theil–Sen slope of the readings of the last {@code window} (robust to single-sample noise), in
 * channel units per {@code per}. The rate goes through the shared lifecycle (one level named after
 * the rule, {@code hysteresis} in rate units, {@code hold}). No rate is computed until the readings
 * span at least half the window (a fresh start does not judge on two samples).
 */
final class RateRule extends TrackedRule {

    /** Readings kept in the window at most; older ones drop first (bounded memory at any rate). */
    static final int MAX_WINDOW_READINGS = 4096;

    private final long windowMs;
    private final double perMs;

    private long[] times = new long[16];
    private double[] values = new double[16];
    private int start;
    private int end;

    public RateRule(RuleConfig config, RuleCondition.Rate rate) {
        super(config, rate.hysteresis(), config.hold());
        this.windowMs = rate.window().toMillis();
        this.perMs = rate.per().toMillis();
        if (windowMs <= 0 || perMs <= 0) {
            throw new IllegalArgumentException("rule " + config.id() + ": rate window and per must be > 0");
        }
    }

    @Override
    public synchronized Optional<AlertEvent> evaluate(String sensor, Reading reading) {
        if (!LevelTrack.counts(reading, config.anyQuality())) {
            return Optional.empty();
        }
        long t = reading.time();
        if (end > start && t < times[end - 1]) {
            return Optional.empty(); // out of order: the slope needs ascending times
        }
        add(t, reading.value());
        while (times[start] < t - windowMs || end - start > MAX_WINDOW_READINGS) {
            start++;
        }
        if (t - times[start] < windowMs / 2) {
            return Optional.empty();
        }
        double rate = rateAt();
        if (Double.isNaN(rate)) {
            return Optional.empty();
        }
        int previous = track.update(rate, t);
        return Optional.ofNullable(track.event(previous, config.sensor(), config.channel(), rate, 0, t, true));
    }

    /** The current rate in channel units per {@code per}, NaN when not enough readings. */
    synchronized double rateAt() {
        int n = end - start;
        if (start > 0) {
            compact();
        }
        return Slope.theilSen(times, values, n) * perMs;
    }


    private void add(long t, double v) {
        if (end == times.length) {
            if (start > 0) {
                compact();
            } else {
                times = java.util.Arrays.copyOf(times, times.length * 2);
                values = java.util.Arrays.copyOf(values, values.length * 2);
            }
        }
        times[end] = t;
        values[end] = v;
        end++;
    }

    private void compact() {
        int n = end - start;
        System.arraycopy(times, start, times, 0, n);
        System.arraycopy(values, start, values, 0, n);
        start = 0;
        end = n;
    }
}
