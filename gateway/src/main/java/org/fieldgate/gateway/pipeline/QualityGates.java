package org.fieldgate.gateway.pipeline;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.fieldgate.drivers.Quality;
import org.fieldgate.drivers.Reading;
import org.fieldgate.gateway.config.QualityGateConfig;
import org.fieldgate.gateway.config.SensorConfig;

/**
 * The sensors' quality gates ({@code quality_gate:}): before rules and the store see a reading of
 * a gated channel, it becomes {@code suspect} when out of {@code range}, a {@code spike} (further
 * than the limit from the median of the channel's previous five readings), or part of a
 * {@code flat} line (the same value for that long: a stuck sensor); a {@code gap} longer than its
 * limit is counted. Only {@code ok} readings are judged. Each check's count is in the sensor's
 * counters ({@code qc_range}, {@code qc_spike}, {@code qc_flat}, {@code qc_gap}) in status and
 * health. Thread-safe per sensor (the pipeline calls it under the sensor's lock).
 */
final class QualityGates {

    private static final int SPIKE_NEIGHBOURS = 5;

    private final Map<String, Map<String, Gate>> gates;

    private QualityGates(Map<String, Map<String, Gate>> gates) {
        this.gates = gates;
    }

    static QualityGates none() {
        return new QualityGates(Map.of());
    }

    static QualityGates of(List<SensorConfig> sensors) {
        Map<String, Map<String, Gate>> gates = new HashMap<>();
        for (SensorConfig s : sensors) {
            if (!s.qualityGate().isEmpty()) {
                Map<String, Gate> channels = new HashMap<>();
                s.qualityGate().forEach((ch, g) -> channels.put(ch, new Gate(g)));
                gates.put(s.id(), channels);
            }
        }
        return new QualityGates(gates);
    }

    /** {@code readings} of {@code sensor}, those that fail a gate marked suspect. */
    List<Reading> check(String sensor, List<Reading> readings) {
        Map<String, Gate> channels = gates.get(sensor);
        if (channels == null) {
            return readings;
        }
        List<Reading> out = new ArrayList<>(readings.size());
        for (Reading r : readings) {
            Gate g = channels.get(r.channel());
            out.add(g == null ? r : g.judge(r));
        }
        return out;
    }

    /** The counts of {@code sensor}'s checks, summed over its channels (empty when it has no gate). */
    Map<String, Long> counts(String sensor) {
        Map<String, Gate> channels = gates.get(sensor);
        Map<String, Long> out = new TreeMap<>();
        if (channels == null) {
            return out;
        }
        for (Gate g : channels.values()) {
            out.merge("qc_range", g.range, Long::sum);
            out.merge("qc_spike", g.spike, Long::sum);
            out.merge("qc_flat", g.flat, Long::sum);
            out.merge("qc_gap", g.gaps, Long::sum);
        }
        return out;
    }

    /** One channel's gate and its counts. */
    private static final class Gate {
        private final QualityGateConfig config;
        private final double[] recent = new double[SPIKE_NEIGHBOURS];
        private int recentCount;
        private int recentNext;
        private long lastTime = Long.MIN_VALUE;
        private double flatValue = Double.NaN;
        private long flatSince;
        private volatile long range;
        private volatile long spike;
        private volatile long flat;
        private volatile long gaps;

        Gate(QualityGateConfig config) {
            this.config = config;
        }

        synchronized Reading judge(Reading r) {
            if (r.quality() != Quality.OK || !Double.isFinite(r.value())) {
                return r;
            }
            double v = r.value();
            long t = r.time();
            if (config.gap() != null && lastTime != Long.MIN_VALUE && t - lastTime > config.gap().toMillis()) {
                gaps++;
            }
            lastTime = Math.max(lastTime, t);
            boolean bad = false;
            if ((config.min() != null && v < config.min()) || (config.max() != null && v > config.max())) {
                range++;
                bad = true;
            }
            if (!bad && config.spike() != null && recentCount == SPIKE_NEIGHBOURS
                    && Math.abs(v - median()) > config.spike()) {
                spike++;
                bad = true;
            }
            // every reading (spikes too) joins the neighbours: a real step is accepted after three readings
            recent[recentNext] = v;
            recentNext = (recentNext + 1) % SPIKE_NEIGHBOURS;
            recentCount = Math.min(SPIKE_NEIGHBOURS, recentCount + 1);
            if (v != flatValue) {
                flatValue = v;
                flatSince = t;
            } else if (!bad && config.flat() != null && t - flatSince >= config.flat().toMillis()) {
                flat++;
                bad = true;
            }
            return bad ? r.withQuality(Quality.SUSPECT) : r;
        }

        private double median() {
            double[] sorted = Arrays.copyOf(recent, SPIKE_NEIGHBOURS);
            Arrays.sort(sorted);
            return sorted[SPIKE_NEIGHBOURS / 2];
        }
    }
}
