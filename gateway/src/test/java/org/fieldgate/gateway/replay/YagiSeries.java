package org.fieldgate.gateway.replay;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Random;

/**
 * The stage of the Hồng (Red River) at Hà Nội (Long Biên) during Typhoon Yagi, Sept 2024, from the
 * published points (local time, UTC+7; src/test/resources/README.md), linearly interpolated:
 * 10/9 12:00 9.50, 17:00 10.10; 11/9 05:00 10.76, 10:00 11.02, 16:00 11.22; the peak of about
 * 11.37 m in the night of 11/9 (put at 23:00); 12/9 07:00 11.20, then falling 2 cm/h. Before the
 * first point the river rises from 8.30 m at 10/9 00:00; the published fall of 2 cm/h is carried on
 * to 17/9 06:00 (8.82 m), so the series passes back below BĐ I.
 */
final class YagiSeries {

    static final ZoneOffset HANOI = ZoneOffset.ofHours(7);
    static final long STEP_MS = 5 * 60_000;

    private record Knot(long t, double stage) {
    }

    private static final List<Knot> KNOTS = List.of(
            knot(10, 0, 8.30),
            knot(10, 12, 9.50),
            knot(10, 17, 10.10),
            knot(11, 5, 10.76),
            knot(11, 10, 11.02),
            knot(11, 16, 11.22),
            knot(11, 23, 11.37),
            knot(12, 7, 11.20),
            knot(17, 6, 11.20 - 0.02 * (24 * 5 - 1)));

    private YagiSeries() {
    }

    private static Knot knot(int day, int hour, double stage) {
        return new Knot(local(day, hour, 0), stage);
    }

    /** Epoch ms of {@code day}/9/2024 {@code hour}:{@code minute} in Hà Nội. */
    static long local(int day, int hour, int minute) {
        return LocalDateTime.of(2024, 9, day, hour, minute).toInstant(HANOI).toEpochMilli();
    }

    static long start() {
        return KNOTS.get(0).t();
    }

    static long end() {
        return KNOTS.get(KNOTS.size() - 1).t();
    }

    /** The noise-free stage at {@code t} (linear between the points). */
    static double stage(long t) {
        for (int i = 1; i < KNOTS.size(); i++) {
            Knot a = KNOTS.get(i - 1);
            Knot b = KNOTS.get(i);
            if (t <= b.t()) {
                return a.stage() + (b.stage() - a.stage()) * (t - a.t()) / (double) (b.t() - a.t());
            }
        }
        return KNOTS.get(KNOTS.size() - 1).stage();
    }

    /** Slope of the noise-free stage at {@code t}, m/h. */
    static double slopePerHour(long t) {
        return (stage(t + 1_800_000) - stage(t - 1_800_000));
    }

    /** First time after {@code from} when the noise-free stage goes above (rising) or below (falling) {@code level}. */
    static long crossing(double level, boolean rising, long from) {
        for (long t = from; t <= end(); t += 1000) {
            double v = stage(t);
            if (rising ? v > level : v < level) {
                return t;
            }
        }
        throw new IllegalArgumentException("the series never crosses " + level);
    }

    /**
     * Writes the series as a replay CSV: a reading every 5 min with Gaussian noise (sd {@code sdM}),
     * rounded to the mm like a gauge; ISO times with the +07:00 offset on even days and epoch ms on
     * odd ones, so both time forms are used.
     */
    static Path writeCsv(Path file, String sensor, long seed, double sdM) throws IOException {
        Random noise = new Random(seed);
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("t,sensor,ch,val\n");
            for (long t = start(); t <= end(); t += STEP_MS) {
                double v = Math.round((stage(t) + noise.nextGaussian() * sdM) * 1000) / 1000.0;
                OffsetDateTime local = OffsetDateTime.ofInstant(java.time.Instant.ofEpochMilli(t), HANOI);
                String time = local.getDayOfMonth() % 2 == 0 ? local.toString() : Long.toString(t);
                w.write(time + "," + sensor + ",stage_m," + v + "\n");
            }
        }
        return file;
    }
}
