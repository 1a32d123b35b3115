package org.fieldgate.gateway.rules.seismic;

/**
 * STA/LTA characteristic function with ObsPy's definitions ({@code obspy.signal.trigger}), one
 * sample in, one ratio out, so a gateway can run it live. The batch functions feed the same
 * streaming code over an array, so live and batch give identical values.
 *
 * <p>Classic ({@code classic_sta_lta}): mean of the last {@code nsta} squared samples over the mean
 * of the last {@code nlta} squared samples; the first {@code nlta − 1} values are 0. Recursive
 * ({@code recursive_sta_lta}, Withers et al. 1998): exponential averages of the squared samples
 * with {@code csta = 1/nsta}, {@code clta = 1/nlta}, starting from sample 1 (ObsPy's loop skips
 * sample 0) with {@code lta = 1e-99}; the first {@code nlta} values are 0. See docs/seismic.md.
 */
public interface StaLta {

    /** Feeds the next sample and returns the characteristic function at that sample. */
    double next(double sample);

    /** Short-term mean of the squared samples after the last {@link #next}. */
    double sta();

    /** Long-term mean of the squared samples after the last {@link #next} (never 0). */
    double lta();

    /** Forgets all history, as if no sample had been fed. */
    void reset();

    /** A streaming classic STA/LTA; {@code 0 < nsta <= nlta}. */
    static StaLta classic(int nsta, int nlta) {
        return new ClassicStaLta(nsta, nlta);
    }

    /** A streaming recursive STA/LTA; {@code 0 < nsta <= nlta}. */
    static StaLta recursive(int nsta, int nlta) {
        return new RecursiveStaLta(nsta, nlta);
    }

    /**
     * ObsPy's {@code classic_sta_lta(a, nsta, nlta)}.
     *
     * @throws IllegalArgumentException when {@code a} is shorter than {@code nlta}, as ObsPy
     */
    static double[] classic(double[] a, int nsta, int nlta) {
        if (a.length < nlta) {
            throw new IllegalArgumentException("len(a) " + a.length + " < nlta " + nlta);
        }
        return run(classic(nsta, nlta), a);
    }

    /**
     * ObsPy's {@code recursive_sta_lta(a, nsta, nlta)}. One difference: ObsPy zeroes the first
     * {@code nlta} values only when {@code len(a) > nlta}; here they are always 0, as in streaming.
     */
    static double[] recursive(double[] a, int nsta, int nlta) {
        return run(recursive(nsta, nlta), a);
    }

    private static double[] run(StaLta f, double[] a) {
        double[] cf = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            cf[i] = f.next(a[i]);
        }
        return cf;
    }

    /** Checks window lengths; shared by both kinds. */
    static void checkWindows(int nsta, int nlta) {
        if (nsta <= 0 || nlta < nsta) {
            throw new IllegalArgumentException("need 0 < nsta <= nlta, got nsta " + nsta
                    + ", nlta " + nlta);
        }
    }
}
