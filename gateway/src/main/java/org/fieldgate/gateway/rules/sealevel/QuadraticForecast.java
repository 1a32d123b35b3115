package org.fieldgate.gateway.rules.sealevel;

/**
 * The least-squares parabola {@code a + b·τ + c·τ²} through a run of readings, evaluated at the
 * newest reading's time ({@code τ = 0}): the level the window's trend says it is now. {@code τ} is
 * in minutes before that time, which keeps the normal equations well conditioned for windows of
 * seconds to hours.
 */
final class QuadraticForecast {

    private QuadraticForecast() {
    }

    /**
     * @param times  ms, ascending
     * @param values the levels
     * @param from   first index of the window
     * @param to     one past its last index (the newest reading is {@code to - 1})
     * @return the fitted level at {@code times[to - 1]}, or NaN when fewer than three readings or
     *         they do not determine a parabola
     */
    static double at(long[] times, double[] values, int from, int to) {
        if (to - from < 3) {
            return Double.NaN;
        }
        long t0 = times[to - 1];
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, y0 = 0, y1 = 0, y2 = 0;
        for (int i = from; i < to; i++) {
            double x = (times[i] - t0) / 60_000.0;
            double x2 = x * x;
            double y = values[i];
            s0 += 1;
            s1 += x;
            s2 += x2;
            s3 += x2 * x;
            s4 += x2 * x2;
            y0 += y;
            y1 += x * y;
            y2 += x2 * y;
        }
        // Cramer's rule for a (the value at τ = 0) of [s0 s1 s2; s1 s2 s3; s2 s3 s4]·[a b c] = [y0 y1 y2]
        double det = s0 * (s2 * s4 - s3 * s3) - s1 * (s1 * s4 - s3 * s2) + s2 * (s1 * s3 - s2 * s2);
        if (!(Math.abs(det) > 1e-9 * Math.max(1, s4 * s2 * s0))) {
            return Double.NaN;
        }
        double detA = y0 * (s2 * s4 - s3 * s3) - s1 * (y1 * s4 - s3 * y2) + s2 * (y1 * s3 - s2 * y2);
        return detA / det;
    }
}
