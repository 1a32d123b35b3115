package org.fieldgate.gateway.rules;

import java.util.Arrays;

/**
 * Theil–Sen slope: the median of the slopes between every pair of points. One wild sample among
 * many moves it hardly at all (breakdown point about 29 %), unlike a least-squares fit. At most
 * {@link #MAX_POINTS} evenly spread points are used, so a long window of fast readings stays cheap.
 */
final class Slope {

    static final int MAX_POINTS = 64;

    private Slope() {
    }

    /**
     * @param t times (ascending), {@code v} values; only the first {@code n} are used
     * @return the slope in value units per time unit, or NaN when fewer than two distinct times
     */
    static double theilSen(long[] t, double[] v, int n) {
        int m = Math.min(n, MAX_POINTS);
        int[] pick = new int[m];
        for (int i = 0; i < m; i++) {
            pick[i] = m == n ? i : (int) Math.round((double) i * (n - 1) / (m - 1));
        }
        double[] slopes = new double[m * (m - 1) / 2];
        int k = 0;
        for (int i = 0; i < m; i++) {
            for (int j = i + 1; j < m; j++) {
                long dt = t[pick[j]] - t[pick[i]];
                if (dt > 0) {
                    slopes[k++] = (v[pick[j]] - v[pick[i]]) / dt;
                }
            }
        }
        if (k == 0) {
            return Double.NaN;
        }
        Arrays.sort(slopes, 0, k);
        return k % 2 == 1 ? slopes[k / 2] : (slopes[k / 2 - 1] + slopes[k / 2]) / 2;
    }
}
