package org.fieldgate.drivers.sim.seismic;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.fieldgate.drivers.WaveformPacket;

/**
 * A 3-axis accelerometer without threads: background noise (Gaussian, sd {@code noise} m/s² per
 * axis, from a seeded {@link Random}) plus an optional {@link QuakeSignal}, cut into one-second
 * packets. Packet k holds samples {@code k*rate … (k+1)*rate - 1}; sample i is taken at
 * {@code i / rate} seconds after the start, so packet times never drift.
 */
public final class SeismicSimulation {

    public static final String UNIT = "m/s2";
    private static final String[] AXES = {"x", "y", "z"};

    private final int sampleRate;
    private final double noise;
    private final QuakeSignal quake;
    private final Random random;
    private long nextPacket;

    /** @param quake the earthquake, or null for a quiet site */
    public SeismicSimulation(int sampleRate, double noise, QuakeSignal quake, long seed) {
        if (sampleRate <= 0) {
            throw new IllegalArgumentException("sampleRate must be positive");
        }
        this.sampleRate = sampleRate;
        this.noise = noise;
        this.quake = quake;
        this.random = new Random(seed);
    }

    public int sampleRate() {
        return sampleRate;
    }

    /** The quake, or null for a quiet site. */
    public QuakeSignal quake() {
        return quake;
    }

    /** Index of the packet {@link #nextPacket} returns. */
    public long packetIndex() {
        return nextPacket;
    }

    /**
     * The next one-second packet.
     *
     * @param startEpochMillis wall-clock time of sample 0; packet k starts at {@code start + k*1000}
     */
    public WaveformPacket nextPacket(long startEpochMillis) {
        long k = nextPacket++;
        double[][] samples = new double[3][sampleRate];
        for (int j = 0; j < sampleRate; j++) {
            double t = (k * sampleRate + j) / (double) sampleRate;
            for (int axis = 0; axis < 3; axis++) {
                double signal = quake == null ? 0 : quake.accelerationAt(axis, t);
                samples[axis][j] = signal + noise * random.nextGaussian();
            }
        }
        Map<String, double[]> axes = new LinkedHashMap<>();
        for (int axis = 0; axis < 3; axis++) {
            axes.put(AXES[axis], samples[axis]);
        }
        return new WaveformPacket(startEpochMillis + k * 1000L, sampleRate, UNIT, axes);
    }
}
