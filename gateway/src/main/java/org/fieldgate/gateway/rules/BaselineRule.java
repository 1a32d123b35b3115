package org.fieldgate.gateway.rules;

import java.util.Arrays;
import java.util.Optional;
import org.fieldgate.drivers.Reading;
import org.fieldgate.gateway.config.RuleCondition;
import org.fieldgate.gateway.config.RuleConfig;

/**
 * {@code baseline:} on a counts channel: the site's own background is the median of one sample a
 * minute (the mean of that minute's readings) over the last {@code window}; a reading is above it
 * when it exceeds the background by more than {@code k·√background} (Poisson counting noise of a
 * count) and by at least {@code min_rise}. Raised while that holds (with {@code hold}), through the
 * shared lifecycle; the alert's threshold is the background plus the larger margin. While raised,
 * minutes do not join the background (a long plume must not become the new normal). Nothing is
 * judged before {@code learn} of minutes. With a rain gauge ({@code rain:}), an alert raised or
 * changed while rain fell (a rate above 0 within the last 15 minutes) carries it. Memory: at most {@code window} in minutes (10,080 for 7 d).
 */
final class BaselineRule extends TrackedRule {

    private static final long MINUTE_MS = 60_000;
    /** Rain reported this recently is "falling" for an alert. */
    static final long RAIN_RECENT_MS = 15 * MINUTE_MS;

    private final RuleCondition.Baseline condition;
    private final int capacity;
    private final long[] minuteOf;
    private final double[] minuteMean;
    private int start;
    private int size;
    private long currentMinute = Long.MIN_VALUE;
    private double sum;
    private int count;
    private double rain;
    private long rainAt = Long.MIN_VALUE;
    /** The median of the kept minutes, worked out again only when they change (once a minute, not per reading). */
    private double cachedBackground;
    private boolean backgroundStale = true;

    BaselineRule(RuleConfig config, RuleCondition.Baseline condition) {
        super(config, 0, config.hold());
        this.condition = condition;
        this.capacity = (int) Math.max(10, condition.window().toMinutes());
        this.minuteOf = new long[capacity];
        this.minuteMean = new double[capacity];
    }

    @Override
    public synchronized Optional<AlertEvent> evaluate(String sensor, Reading reading) {
        if (!LevelTrack.counts(reading, config.anyQuality())) {
            return Optional.empty();
        }
        long t = reading.time();
        double v = reading.value();
        RuleCondition.Input rainInput = condition.rain();
        if (rainInput != null && sensor.equals(rainInput.sensor()) && reading.channel().equals(rainInput.channel())) {
            rain = v;
            rainAt = t;
            return Optional.empty();
        }
        long minute = Math.floorDiv(t, MINUTE_MS);
        if (minute != currentMinute) {
            closeMinute();
            currentMinute = minute;
        }
        sum += v;
        count++;
        drop(minute - condition.window().toMinutes());
        if (size == 0 || (minute - minuteOf[start]) < condition.learn().toMinutes()) {
            return Optional.empty();
        }
        double background = background();
        double margin = Math.max(condition.k() * Math.sqrt(Math.max(background, 0)), condition.minRise());
        int previous = track.update(v > background + margin ? 1 : 0, t);
        AlertEvent e = track.event(previous, config.sensor(), config.channel(), v,
                Math.round((background + margin) * 1000) / 1000.0, t, false);
        boolean raining = rain > 0 && t - rainAt <= RAIN_RECENT_MS;
        return Optional.ofNullable(e != null && raining ? e.withRain(rain) : e);
    }

    /** The finished minute joins the background, unless the alarm is raised. */
    private void closeMinute() {
        if (count > 0 && track.current() == 0) {
            if (size == capacity) {
                start = (start + 1) % capacity;
                size--;
            }
            int at = (start + size) % capacity;
            minuteOf[at] = currentMinute;
            minuteMean[at] = sum / count;
            size++;
            backgroundStale = true;
        }
        sum = 0;
        count = 0;
    }

    private void drop(long before) {
        while (size > 0 && minuteOf[start] < before) {
            start = (start + 1) % capacity;
            size--;
            backgroundStale = true;
        }
    }

    /** The background now: the median of the kept minutes. */
    synchronized double background() {
        if (backgroundStale) {
            double[] values = new double[size];
            for (int i = 0; i < size; i++) {
                values[i] = minuteMean[(start + i) % capacity];
            }
            Arrays.sort(values);
            cachedBackground = size % 2 == 1 ? values[size / 2] : (values[size / 2 - 1] + values[size / 2]) / 2;
            backgroundStale = false;
        }
        return cachedBackground;
    }
}
