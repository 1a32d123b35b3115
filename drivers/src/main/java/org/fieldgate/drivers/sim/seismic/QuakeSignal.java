package org.fieldgate.drivers.sim.seismic;

import java.util.Random;

/**
 * The noise-free ground acceleration of one earthquake at the station, on three axes (x, y
 * horizontal; z vertical), in m/s².
 *
 * <ul>
 *   <li><b>Arrivals.</b> The P wave arrives at {@code pOnsetS} (the scenario's {@code at}); the S wave
 *   {@code distanceKm * (1/3.5 - 1/6.0)} s later (crustal vs = 3.5 km/s, vp = 6.0 km/s: 2.4 s at
 *   20 km).</li>
 *   <li><b>Amplitude.</b> Peak horizontal acceleration from Joyner &amp; Boore (1981):
 *   {@code log10(PGA/g) = -1.02 + 0.249 M - log10(r) - 0.00255 r}, {@code r = sqrt(d² + 7.3²)} km;
 *   M5.5 at 20 km gives 0.093 g = 0.91 m/s². The x axis peaks at that value, y at 0.85 of it and
 *   z at 0.6 of it.</li>
 *   <li><b>Envelope.</b> Each phase rises over a raised-cosine ramp (P 0.3 s, S 1 s) and then decays
 *   exponentially with time constant {@code tau = max(2, 2 + 2.5 (M - 4)) + 0.05 d} s (6.75 s for
 *   M5.5 at 20 km: shaking fades over a few tens of seconds). The P phase is weak (0.3 of the S
 *   phase) and mostly vertical; the S phase mostly horizontal.</li>
 *   <li><b>Shaking.</b> Each axis and phase is a sum of five sinusoids at 1, 1.8, 3.2, 5.6 and 10 Hz
 *   with phases drawn from the seed, times the envelope; each axis is scaled so that its peak on
 *   the sample grid is exactly its target.</li>
 * </ul>
 */
public final class QuakeSignal {

    static final double G = 9.80665;
    private static final double VP_KM_S = 6.0;
    private static final double VS_KM_S = 3.5;
    private static final double[] FREQS_HZ = {1.0, 1.8, 3.2, 5.6, 10.0};
    private static final double P_RISE_S = 0.3;
    private static final double S_RISE_S = 1.0;
    private static final double P_TO_S = 0.3;
    // per axis {x, y, z}: how much of each phase the axis sees, and its share of the PGA
    private static final double[] P_WEIGHT = {0.4, 0.4, 1.0};
    private static final double[] S_WEIGHT = {1.0, 1.0, 0.5};
    private static final double[] PEAK_SHARE = {1.0, 0.85, 0.6};

    private final double pOnsetS;
    private final double sOnsetS;
    private final double tauS;
    private final double pga;
    private final double[][] pPhases = new double[3][FREQS_HZ.length];
    private final double[][] sPhases = new double[3][FREQS_HZ.length];
    private final double[] scale = {1, 1, 1};

    /**
     * @param pOnsetS    P arrival, seconds since the start of the scenario
     * @param magnitude  moment magnitude
     * @param distanceKm hypocentral distance, km
     * @param sampleRate the grid on which peaks are made exact, samples per second
     * @param seed       seed of the phases
     */
    public QuakeSignal(double pOnsetS, double magnitude, double distanceKm, double sampleRate, long seed) {
        this.pOnsetS = pOnsetS;
        this.sOnsetS = pOnsetS + distanceKm * (1 / VS_KM_S - 1 / VP_KM_S);
        this.tauS = Math.max(2, 2 + 2.5 * (magnitude - 4)) + 0.05 * distanceKm;
        this.pga = peakGroundAcceleration(magnitude, distanceKm);
        Random phases = new Random(seed);
        for (int axis = 0; axis < 3; axis++) {
            for (int i = 0; i < FREQS_HZ.length; i++) {
                pPhases[axis][i] = 2 * Math.PI * phases.nextDouble();
                sPhases[axis][i] = 2 * Math.PI * phases.nextDouble();
            }
        }
        normalise(sampleRate);
    }

    /** Joyner &amp; Boore (1981) peak horizontal acceleration, m/s². */
    public static double peakGroundAcceleration(double magnitude, double distanceKm) {
        double r = Math.sqrt(distanceKm * distanceKm + 7.3 * 7.3);
        return G * Math.pow(10, -1.02 + 0.249 * magnitude - Math.log10(r) - 0.00255 * r);
    }

    public double pOnsetSeconds() {
        return pOnsetS;
    }

    public double sOnsetSeconds() {
        return sOnsetS;
    }

    /** Target peak of the x axis, m/s². */
    public double pga() {
        return pga;
    }

    /** Acceleration on axis 0 (x), 1 (y) or 2 (z) at {@code t} seconds since the start; 0 before the P wave. */
    public double accelerationAt(int axis, double t) {
        if (t < pOnsetS) {
            return 0;
        }
        double a = P_TO_S * P_WEIGHT[axis] * envelope(t - pOnsetS, P_RISE_S) * carrier(pPhases[axis], t);
        if (t >= sOnsetS) {
            a += S_WEIGHT[axis] * envelope(t - sOnsetS, S_RISE_S) * carrier(sPhases[axis], t);
        }
        return scale[axis] * a;
    }

    private double envelope(double sincePhase, double rise) {
        if (sincePhase < rise) {
            return (1 - Math.cos(Math.PI * sincePhase / rise)) / 2;
        }
        return Math.exp(-(sincePhase - rise) / tauS);
    }

    private static double carrier(double[] phases, double t) {
        double sum = 0;
        for (int i = 0; i < FREQS_HZ.length; i++) {
            sum += Math.sin(2 * Math.PI * FREQS_HZ[i] * t + phases[i]);
        }
        return sum / FREQS_HZ.length;
    }

    // The envelope has decayed below 1/e^3 of its top after 3 tau: the peak lies before that.
    private void normalise(double sampleRate) {
        long first = (long) Math.ceil(pOnsetS * sampleRate);
        long last = (long) Math.ceil((sOnsetS + S_RISE_S + 3 * tauS) * sampleRate);
        for (int axis = 0; axis < 3; axis++) {
            double peak = 0;
            for (long i = first; i <= last; i++) {
                peak = Math.max(peak, Math.abs(accelerationAt(axis, i / sampleRate)));
            }
            scale[axis] = peak > 0 ? PEAK_SHARE[axis] * pga / peak : 0;
        }
    }
}
