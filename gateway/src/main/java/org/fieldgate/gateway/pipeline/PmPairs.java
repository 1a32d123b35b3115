package org.fieldgate.gateway.pipeline;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.fieldgate.drivers.Quality;
import org.fieldgate.drivers.Reading;
import org.fieldgate.drivers.pmpair.PmAgreement;
import org.fieldgate.gateway.config.SensorConfig;

/**
 * The dual-sensor agreement check of paired PM sensors ({@code pair_with}): when a sensor delivers a
 * {@code pm2_5} and its partner's latest {@code pm2_5} is recent (reading times within 2 × the
 * longer {@code every} of the two) and the two {@link PmAgreement#disagree disagree}, the delivery's
 * {@code ok} mass-concentration readings (channels {@code pm…}) become {@code suspect}. Each sensor
 * is judged when it delivers, so both sides of a disagreeing pair end up marked. Thread-safe.
 */
final class PmPairs {

    private static final String CHANNEL = "pm2_5";

    private record Latest(double value, long time) {
    }

    private final Map<String, String> partners;
    private final Map<String, Long> windowMs;
    private final Map<String, Latest> latest = new ConcurrentHashMap<>();

    private PmPairs(Map<String, String> partners, Map<String, Long> windowMs) {
        this.partners = Map.copyOf(partners);
        this.windowMs = Map.copyOf(windowMs);
    }

    static PmPairs none() {
        return new PmPairs(Map.of(), Map.of());
    }

    /** The pairs of a config; {@code pair_with} on either side pairs both. */
    static PmPairs of(List<SensorConfig> sensors) {
        Map<String, Duration> every = new HashMap<>();
        sensors.forEach(s -> every.put(s.id(), s.every()));
        Map<String, String> partners = new HashMap<>();
        Map<String, Long> window = new HashMap<>();
        for (SensorConfig s : sensors) {
            String other = s.pairWith();
            if (other == null || !every.containsKey(other)) {
                continue;
            }
            partners.put(s.id(), other);
            partners.put(other, s.id());
            long ms = 2 * Math.max(every.get(s.id()).toMillis(), every.get(other).toMillis());
            window.put(s.id(), ms);
            window.put(other, ms);
        }
        return new PmPairs(partners, window);
    }

    /** {@code readings} of {@code sensor}, with the pm readings marked suspect when the pair disagrees. */
    List<Reading> check(String sensor, List<Reading> readings) {
        String partner = partners.get(sensor);
        if (partner == null) {
            return readings;
        }
        Reading own = null;
        for (Reading r : readings) {
            if (r.channel().equals(CHANNEL)) {
                own = r;
            }
        }
        if (own == null) {
            return readings;
        }
        latest.put(sensor, new Latest(own.value(), own.time()));
        Latest other = latest.get(partner);
        if (other == null || Math.abs(other.time() - own.time()) > windowMs.get(sensor)
                || !PmAgreement.disagree(own.value(), other.value())) {
            return readings;
        }
        List<Reading> marked = new ArrayList<>(readings.size());
        for (Reading r : readings) {
            marked.add(r.quality() == Quality.OK && r.channel().startsWith("pm") ? r.withQuality(Quality.SUSPECT) : r);
        }
        return marked;
    }
}
