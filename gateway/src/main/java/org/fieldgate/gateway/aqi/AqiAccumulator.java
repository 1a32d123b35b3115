package org.fieldgate.gateway.aqi;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Set;
import org.fieldgate.drivers.Quality;
import org.fieldgate.drivers.Reading;

/**
 * One sensor's hourly index: averages its {@code ok} PM readings into clock hours (UTC hour
 * boundaries) and, when an hour completes, gives the derived readings of that hour, stamped at the
 * END of the hour: {@code pm2_5_nowcast}, {@code pm10_nowcast} and one index channel per table.
 *
 * <p>An hour completes when a PM reading of a later hour arrives ({@link #accept}) or when the
 * clock has passed its end by {@link #GRACE_MS} ({@link #closeDue}); a reading of an hour already
 * completed is ignored. {@code suspect} readings move the hour on but are not averaged;
 * {@code unsynced} readings are ignored (their time cannot be trusted).
 *
 * <p>Not thread-safe: the caller serialises calls per sensor.
 */
final class AqiAccumulator {

    static final long HOUR_MS = 3_600_000L;
    /** How long after an hour's end the periodic flush waits for late readings of it. */
    public static final long GRACE_MS = 60_000L;

    private final Set<Pollutant> pollutants;
    private final List<AqiTable> tables;
    /** Hourly averages of the last 12 hours per pollutant; slot = hour mod 12. */
    private final Map<Pollutant, double[]> averages = new EnumMap<>(Pollutant.class);
    private final long[] slotHour = new long[NowCast.HOURS];
    private final Map<Pollutant, double[]> open = new EnumMap<>(Pollutant.class); // {sum, count}
    private long openHour = Long.MIN_VALUE;

    /**
     * @param pollutants what the sensor reports (PM2.5 and/or PM10)
     * @param tables     the indices to publish
     */
    public AqiAccumulator(Set<Pollutant> pollutants, List<AqiTable> tables) {
        this.pollutants = Set.copyOf(pollutants);
        this.tables = List.copyOf(tables);
        Arrays.fill(slotHour, Long.MIN_VALUE);
        for (Pollutant p : this.pollutants) {
            averages.put(p, new double[NowCast.HOURS]);
            open.put(p, new double[2]);
        }
    }

    /** Takes one reading; returns the derived readings of the hours it completes (often none). */
    public List<Reading> accept(Reading r) {
        Pollutant p = Pollutant.ofChannel(r.channel());
        if (p == null || !pollutants.contains(p) || r.quality() == Quality.UNSYNCED) {
            return List.of();
        }
        long hour = Math.floorDiv(r.time(), HOUR_MS);
        List<Reading> out = List.of();
        if (openHour == Long.MIN_VALUE) {
            openHour = hour;
        } else if (hour < openHour) {
            return List.of(); // late: its hour is published already
        } else if (hour > openHour) {
            out = completeUntil(hour);
        }
        if (r.quality() == Quality.OK && Double.isFinite(r.value())) {
            double[] acc = open.get(p);
            acc[0] += r.value();
            acc[1]++;
        }
        return out;
    }

    /** The derived readings of the hours that ended at least {@link #GRACE_MS} before {@code now}. */
    public List<Reading> closeDue(long now) {
        long hour = Math.floorDiv(now - GRACE_MS, HOUR_MS);
        if (openHour == Long.MIN_VALUE || hour <= openHour) {
            return List.of();
        }
        return completeUntil(hour);
    }

    /** Completes {@code openHour} and the empty hours after it, up to (excluding) {@code next}. */
    private List<Reading> completeUntil(long next) {
        List<Reading> out = new ArrayList<>();
        // past openHour + 1 no hour can have 2 of its 3 most recent hours valid: nothing to publish
        long last = Math.min(next - 1, openHour + 1);
        for (long h = openHour; h <= last; h++) {
            store(h);
            publish(h, out);
        }
        openHour = next;
        return out;
    }

    private void store(long hour) {
        int slot = (int) Math.floorMod(hour, (long) NowCast.HOURS);
        slotHour[slot] = hour;
        for (Pollutant p : pollutants) {
            double[] acc = open.get(p);
            averages.get(p)[slot] = hour == openHour && acc[1] > 0 ? acc[0] / acc[1] : Double.NaN;
            if (hour == openHour) {
                acc[0] = 0;
                acc[1] = 0;
            }
        }
    }

    private void publish(long hour, List<Reading> out) {
        long t = (hour + 1) * HOUR_MS;
        Map<Pollutant, Double> nowcasts = new EnumMap<>(Pollutant.class);
        for (Pollutant p : Pollutant.values()) {
            if (!pollutants.contains(p)) {
                continue;
            }
            OptionalDouble nc = NowCast.truncated(p, window(p, hour));
            if (nc.isPresent()) {
                nowcasts.put(p, nc.getAsDouble());
                out.add(new Reading(p.nowcastChannel(), t, nc.getAsDouble(), Quality.OK));
            }
        }
        for (AqiTable table : tables) {
            OptionalInt index = AqiIndex.of(table, nowcasts);
            if (index.isPresent()) {
                out.add(new Reading(table.channel(), t, index.getAsInt(), Quality.OK));
            }
        }
    }

    /** The 12 hourly averages ending at {@code hour}, most recent first; NaN where missing. */
    private double[] window(Pollutant p, long hour) {
        double[] w = new double[NowCast.HOURS];
        double[] avg = averages.get(p);
        for (int i = 0; i < NowCast.HOURS; i++) {
            long h = hour - i;
            int slot = (int) Math.floorMod(h, (long) NowCast.HOURS);
            w[i] = slotHour[slot] == h ? avg[slot] : Double.NaN;
        }
        return w;
    }
}
