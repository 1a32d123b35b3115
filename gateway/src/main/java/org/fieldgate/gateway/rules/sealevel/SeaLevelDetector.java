package org.fieldgate.gateway.rules.sealevel;

import java.util.Arrays;

/**
 * The IDSL-kind tsunami detector on one sea-level series. For each reading it fits a parabola to
 * the readings of the last {@code short} and of the last {@code long} window
 * ({@link QuadraticForecast}); the signal is the difference of the two forecasts, judged against
 * {@code ratio} times the RMS of the signal over the previous {@code long} window and against
 * {@code threshold}: above both, the counter goes up by one (to at most {@code count}), else down
 * by one (to 0). A tsunami's minutes-long waves pull the short forecast away from the long one
 * while tides (hours) move both alike.
 *
 * <p>Windows are durations, so one config serves 5-second and 1-minute gauges; missing readings
 * just leave fewer points in a window. A gap longer than {@code maxGap} is not bridged: the
 * detector starts again, and judges nothing until the readings span half of each window and the
 * signal's history spans the short window. Memory is bounded: at most {@link #MAX_READINGS}
 * readings and signals are kept (the oldest go first at faster rates).
 */
public final class SeaLevelDetector {

    /** Readings (and signals) kept at most: a day at 5 s, 14 days at 1 min. */
    public static final int MAX_READINGS = 20_000;

    /**
     * One judged reading.
     *
     * @param signal        short forecast − long forecast
     * @param rms           the RMS of the signal over the previous long window
     * @param counter       the up/down counter after this reading
     * @param shortForecast the short window's forecast of the level now
     * @param longForecast  the long window's
     * @param level         the reading
     * @param counted       the signal was above both the RMS multiple and the threshold
     */
    public record Step(double signal, double rms, int counter, double shortForecast, double longForecast,
                       double level, boolean counted) {
    }

    private final long shortMs;
    private final long longMs;
    private final double ratio;
    private final double threshold;
    private final int count;
    private final long maxGapMs;

    private final Series readings = new Series();
    private final Series signals = new Series();
    private int counter;

    public SeaLevelDetector(long shortMs, long longMs, double ratio, double threshold, int count, long maxGapMs) {
        if (shortMs <= 0 || longMs <= shortMs || count < 1 || maxGapMs <= 0) {
            throw new IllegalArgumentException("sea level detector: need 0 < short < long, count >= 1, max_gap > 0");
        }
        this.shortMs = shortMs;
        this.longMs = longMs;
        this.ratio = ratio;
        this.threshold = threshold;
        this.count = count;
        this.maxGapMs = maxGapMs;
    }

    /** The counter now (0 to {@code count}). */
    public int counter() {
        return counter;
    }

    /**
     * Takes one reading (ascending times; an older or equal time is ignored).
     *
     * @return the judgement, or null while warming up (after the start or a gap) or for an ignored reading
     */
    public Step add(long t, double level) {
        if (readings.size() > 0) {
            long last = readings.lastTime();
            if (t <= last) {
                return null;
            }
            if (t - last > maxGapMs) {
                restart();
            }
        }
        readings.add(t, level);
        readings.dropBefore(t - longMs);
        int n = readings.size();
        if (t - readings.time(0) < longMs / 2) {
            return null;
        }
        int shortFrom = readings.firstAtOrAfter(t - shortMs + 1);
        if (t - readings.time(shortFrom) < shortMs / 2) {
            return null;
        }
        double shortForecast = readings.forecast(shortFrom, n);
        double longForecast = readings.forecast(0, n);
        if (Double.isNaN(shortForecast) || Double.isNaN(longForecast)) {
            return null;
        }
        double signal = shortForecast - longForecast;
        signals.dropBefore(t - longMs);
        boolean judged = signals.size() > 0 && t - signals.time(0) >= shortMs;
        double rms = signals.rms();
        signals.add(t, signal);
        if (!judged) {
            return null;
        }
        boolean counted = Math.abs(signal) > ratio * rms && Math.abs(signal) > threshold;
        counter = counted ? Math.min(count, counter + 1) : Math.max(0, counter - 1);
        return new Step(signal, rms, counter, shortForecast, longForecast, level, counted);
    }

    /** Forgets every reading and signal (a gap, a restart): the next judgement comes after the warm-up. */
    public void restart() {
        readings.clear();
        signals.clear();
        counter = 0;
    }

    /** Times and values in arrival order, oldest dropped first; bounded by {@link #MAX_READINGS}. */
    private static final class Series {
        private long[] times = new long[64];
        private double[] values = new double[64];
        private int start;
        private int end;

        int size() {
            return end - start;
        }

        long time(int i) {
            return times[start + i];
        }

        long lastTime() {
            return times[end - 1];
        }

        void clear() {
            start = 0;
            end = 0;
        }

        void add(long t, double v) {
            if (size() == MAX_READINGS) {
                start++;
            }
            if (end == times.length) {
                int n = size();
                if (start > 0 && n <= times.length / 2) {
                    System.arraycopy(times, start, times, 0, n);
                    System.arraycopy(values, start, values, 0, n);
                } else {
                    long[] nt = Arrays.copyOf(Arrays.copyOfRange(times, start, end), Math.max(64, n * 2));
                    double[] nv = Arrays.copyOf(Arrays.copyOfRange(values, start, end), Math.max(64, n * 2));
                    times = nt;
                    values = nv;
                }
                start = 0;
                end = n;
            }
            times[end] = t;
            values[end] = v;
            end++;
        }

        /** Drops the entries older than or at {@code limit}. */
        void dropBefore(long limit) {
            while (start < end && times[start] <= limit) {
                start++;
            }
        }

        /** Index (0-based in this series) of the first entry at or after {@code t}. */
        int firstAtOrAfter(long t) {
            int lo = start;
            int hi = end - 1;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (times[mid] < t) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            return lo - start;
        }

        double forecast(int from, int to) {
            return QuadraticForecast.at(times, values, start + from, start + to);
        }

        double rms() {
            double sum = 0;
            for (int i = start; i < end; i++) {
                sum += values[i] * values[i];
            }
            return end > start ? Math.sqrt(sum / (end - start)) : Double.NaN;
        }
    }
}
