package org.fieldgate.gateway.rules.seismic;

import java.util.Arrays;

/**
 * STA/LTA detection on a multi-axis accelerometer stream, sample by sample, plus the ground motion
 * that follows from the same samples. Each axis is conditioned ({@link AxisConditioner}); the
 * characteristic function is taken on the vector sum (the sum of the axes' squares), on one axis, or
 * per axis with the largest ratio winning ({@code any}: an event starts when any axis rises above
 * {@code on} and ends when every axis is back at {@code off}, which is exactly the largest ratio
 * crossing those thresholds).
 *
 * <p>During an event the long-term average is frozen at its value at the trigger (as Earthworm's and
 * most strong-motion recorders' triggers do), so a long strong shaking stays one event instead of
 * raising the LTA until the ratio falls; the offsets are held too. Outside events the ratios are
 * ObsPy's.
 *
 * <p>The first {@code nlta} samples are a warm-up: they are kept until their mean gives each axis its
 * starting offset, then all go through the chain at once, so the ratios equal ObsPy's on a record
 * demeaned by the mean of its first {@code nlta} samples. Ratios before the warm-up ends are 0, as
 * ObsPy's are. Not thread-safe.
 */
public final class SeismicDetector {

    /** Which axes feed the ratio. */
    public static final int VECTOR = -1;
    public static final int ANY = -2;

    private final int axes;
    private final int mode;
    private final int nlta;
    private final double sampleRate;
    private final double[] bandpass;
    private final StaLta[] staLta;
    private final GroundVelocity[] velocity;
    private AxisConditioner[] conditioners;
    /** Gravity as the sensor reports it (0 when it reports ground acceleration only). */
    private double[] gravity;
    private double[][] warmUp;
    private int warmed;

    private double ratio;
    private int ratioAxis;
    private double[] frozenLta;
    private double acceleration;
    private double speed;

    /**
     * @param axes   number of axes per sample
     * @param mode   {@link #VECTOR}, {@link #ANY} or an axis index
     * @param method classic or recursive
     */
    public SeismicDetector(int axes, int mode, boolean classic, int nsta, int nlta, double sampleRate, double[] bandpass) {
        if (axes < 1 || mode >= axes || mode < ANY) {
            throw new IllegalArgumentException("mode " + mode + " does not fit " + axes + " axes");
        }
        this.axes = axes;
        this.mode = mode;
        this.nlta = nlta;
        this.sampleRate = sampleRate;
        this.bandpass = bandpass;
        int functions = mode == ANY ? axes : 1;
        this.staLta = new StaLta[functions];
        for (int i = 0; i < functions; i++) {
            staLta[i] = classic ? StaLta.classic(nsta, nlta) : StaLta.recursive(nsta, nlta);
        }
        this.velocity = new GroundVelocity[axes];
        for (int i = 0; i < axes; i++) {
            velocity[i] = new GroundVelocity(sampleRate);
        }
        this.warmUp = new double[nlta][];
    }

    /** True once the warm-up is over and ratios mean something. */
    public boolean ready() {
        return conditioners != null;
    }

    /**
     * Takes one sample (one value per axis; the array is not kept).
     *
     * @param inEvent true during an event: the offsets and the long-term averages stay where they were
     *                at the first sample of the event
     */
    public void next(double[] sample, boolean inEvent) {
        if (conditioners != null) {
            if (inEvent && frozenLta == null) {
                frozenLta = new double[staLta.length];
                for (int i = 0; i < staLta.length; i++) {
                    frozenLta[i] = staLta[i].lta();
                }
            } else if (!inEvent) {
                frozenLta = null;
            }
            process(sample, inEvent);
            return;
        }
        warmUp[warmed++] = sample.clone();
        if (warmed < nlta) {
            ratio = 0;
            acceleration = 0;
            speed = 0;
            return;
        }
        conditioners = new AxisConditioner[axes];
        double[] mean = new double[axes];
        for (int a = 0; a < axes; a++) {
            double sum = 0;
            for (double[] s : warmUp) {
                sum += s[a];
            }
            mean[a] = sum / nlta;
            conditioners[a] = new AxisConditioner(mean[a], sampleRate, bandpass);
        }
        gravity = gravity(mean);
        double[][] kept = warmUp;
        warmUp = null;
        for (double[] s : kept) {
            process(s, true); // the mean of the warm-up is the offset for all of it
        }
    }

    private final double[] filtered = new double[3];

    private void process(double[] sample, boolean holdOffset) {
        double a2 = 0;
        double v2 = 0;
        double[] f = axes <= filtered.length ? filtered : new double[axes];
        for (int a = 0; a < axes; a++) {
            double g = sample[a] - gravity[a];
            a2 += g * g;
            double d = conditioners[a].demean(sample[a], holdOffset);
            double v = velocity[a].next(d);
            v2 += v * v;
            f[a] = conditioners[a].filter(d);
        }
        acceleration = Math.sqrt(a2);
        speed = Math.sqrt(v2);
        if (mode == ANY) {
            ratio = -1;
            for (int a = 0; a < axes; a++) {
                double r = ratio(a, f[a]);
                if (r > ratio) {
                    ratio = r;
                    ratioAxis = a;
                }
            }
        } else if (mode == VECTOR) {
            double sum = 0;
            for (int a = 0; a < axes; a++) {
                sum += f[a] * f[a];
            }
            ratio = ratio(0, Math.sqrt(sum));
            ratioAxis = VECTOR;
        } else {
            ratio = ratio(0, f[mode]);
            ratioAxis = mode;
        }
    }

    private double ratio(int function, double value) {
        double r = staLta[function].next(value);
        return frozenLta == null ? r : staLta[function].sta() / frozenLta[function];
    }

    /** STA/LTA ratio at the last sample (the largest over the axes for {@code any}). */
    public double ratio() {
        return ratio;
    }

    /** The axis index whose ratio {@link #ratio()} is, or {@link #VECTOR}. */
    public int ratioAxis() {
        return ratioAxis;
    }

    /**
     * The gravity in a warm-up mean: when the mean's magnitude is within 20 % of 1 g (a sensor that
     * reports gravity, like an ADXL355 calibrated z-up), 1 g along the mean; else none (a sensor that
     * reports ground acceleration only, like OpenEEW's).
     */
    static double[] gravity(double[] mean) {
        double norm = 0;
        for (double m : mean) {
            norm += m * m;
        }
        norm = Math.sqrt(norm);
        double[] g = new double[mean.length];
        if (norm > 0.8 * STANDARD_GRAVITY && norm < 1.2 * STANDARD_GRAVITY) {
            for (int a = 0; a < mean.length; a++) {
                g[a] = mean[a] / norm * STANDARD_GRAVITY;
            }
        }
        return g;
    }

    static final double STANDARD_GRAVITY = 9.80665;

    /**
     * Vector magnitude of the ground acceleration at the last sample: the sample as delivered, less
     * the gravity it reports ({@link #gravity}), but not less the sensor's small bias, so peak ground
     * acceleration is taken as the fixtures' reference PGA is (on the recorded values).
     */
    public double acceleration() {
        return acceleration;
    }

    /** Vector magnitude of the ground velocity at the last sample (acceleration unit × s). */
    public double velocity() {
        return speed;
    }

    @Override
    public String toString() {
        return "SeismicDetector[axes=" + axes + ", mode=" + mode + ", nlta=" + nlta + ", bandpass="
                + Arrays.toString(bandpass) + "]";
    }
}
