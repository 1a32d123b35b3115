package org.fieldgate.gateway.history;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.fieldgate.drivers.Quality;
import org.fieldgate.drivers.Reading;
import org.fieldgate.drivers.ReadingSink;
import org.fieldgate.drivers.WaveformPacket;
import org.fieldgate.gateway.status.HistorySeries;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The crews' page's history: every scalar reading (not suspect, finite) goes into its channel's
 * minute; finished minutes wait in memory and are appended to the day files every
 * {@value #FLUSH_EVERY_MINUTES} minutes, so the history costs a handful of page writes an hour on
 * the SD card (a power cut loses at most those minutes of history; no reading, which the outbox
 * keeps). Thread-safe.
 */
public final class ReadingHistory implements HistorySeries.Source, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ReadingHistory.class);
    static final int FLUSH_EVERY_MINUTES = 10;
    /** Points a series has at most: a day of minutes; longer spans merge minutes. */
    static final int MAX_POINTS = 1440;
    /** Finished minutes kept in memory at most (channels × minutes), should the disk refuse them. */
    static final int MAX_PENDING = 50_000;

    private final HistoryFiles files;
    private final LongSupplier clock;
    private final Map<String, Accumulator> open = new HashMap<>();
    private final List<MinuteAggregate> pending = new ArrayList<>();
    private ScheduledExecutorService timer;

    private static final class Accumulator {
        long minute;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double sum;
        int count;

        Accumulator(long minute) {
            this.minute = minute;
        }

        MinuteAggregate close(String sensor, String channel) {
            return new MinuteAggregate(minute, sensor, channel, min, sum / count, max, count);
        }
    }

    /**
     * @param dir      where the day files live ({@code history/} beside the store)
     * @param maxBytes their disk budget
     */
    public ReadingHistory(Path dir, long maxBytes, LongSupplier clockMillis) {
        this.files = new HistoryFiles(dir, maxBytes);
        this.clock = clockMillis;
    }

    /** Starts writing the finished minutes every {@value #FLUSH_EVERY_MINUTES} minutes. */
    public void start() {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "history");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(() -> flush(false), FLUSH_EVERY_MINUTES, FLUSH_EVERY_MINUTES, TimeUnit.MINUTES);
    }

    /** A sink that records a sensor's readings here, then hands them on to {@code next}. */
    public ReadingSink recording(String sensor, ReadingSink next) {
        return new ReadingSink() {
            @Override
            public void readings(List<Reading> readings) {
                add(sensor, readings);
                next.readings(readings);
            }

            @Override
            public void waveform(WaveformPacket packet) {
                next.waveform(packet);
            }
        };
    }

    synchronized void add(String sensor, List<Reading> readings) {
        for (Reading r : readings) {
            if (r.quality() == Quality.SUSPECT || !Double.isFinite(r.value())) {
                continue;
            }
            long minute = Math.floorDiv(r.time(), 60_000L);
            String key = sensor + "\u0000" + r.channel();
            Accumulator a = open.get(key);
            if (a != null && a.minute != minute) {
                if (minute < a.minute) {
                    continue; // late and out of order: its minute is closed
                }
                keep(a.close(sensor, r.channel()));
                a = null;
            }
            if (a == null) {
                a = new Accumulator(minute);
                open.put(key, a);
            }
            a.min = Math.min(a.min, r.value());
            a.max = Math.max(a.max, r.value());
            a.sum += r.value();
            a.count++;
        }
    }

    private void keep(MinuteAggregate m) {
        if (pending.size() >= MAX_PENDING) {
            pending.remove(0);
        }
        pending.add(m);
    }

    /** Writes the finished minutes now, as the timer does every {@value #FLUSH_EVERY_MINUTES} minutes. */
    public void flush() {
        flush(false);
    }

    /** Writes the finished minutes (all of them, the open ones too, when {@code all}: at stop). */
    void flush(boolean all) {
        List<MinuteAggregate> out;
        synchronized (this) {
            long now = Math.floorDiv(clock.getAsLong(), 60_000L);
            open.entrySet().removeIf(e -> {
                if (all || e.getValue().minute < now) {
                    String[] k = e.getKey().split("\u0000", 2);
                    keep(e.getValue().close(k[0], k[1]));
                    return true;
                }
                return false;
            });
            out = new ArrayList<>(pending);
            out.sort((a, b) -> Long.compare(a.minute(), b.minute()));
        }
        try {
            files.append(out, clock.getAsLong());
            synchronized (this) {
                pending.removeAll(new HashSet<>(out)); // a set: up to 50,000 minutes each side
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("history: could not write {} minute(s); they wait for the next try: {}", out.size(), e.toString());
        }
    }

    @Override
    public HistorySeries series(String sensor, String channel, int hours) {
        long now = clock.getAsLong();
        long fromMinute = Math.floorDiv(now, 60_000L) - hours * 60L + 1;
        long stepMinutes = Math.max(1, (hours * 60L + MAX_POINTS - 1) / MAX_POINTS);
        List<MinuteAggregate> minutes;
        try {
            minutes = files.read(fromMinute, m -> m.sensor().equals(sensor) && m.channel().equals(channel));
        } catch (IOException e) {
            LOG.warn("history: could not read the day files: {}", e.toString());
            minutes = new ArrayList<>();
        }
        synchronized (this) {
            for (MinuteAggregate m : pending) {
                if (m.minute() >= fromMinute && m.sensor().equals(sensor) && m.channel().equals(channel)) {
                    minutes.add(m);
                }
            }
            Accumulator a = open.get(sensor + "\u0000" + channel);
            if (a != null && a.minute >= fromMinute) {
                minutes.add(a.close(sensor, channel));
            }
        }
        // buckets of stepMinutes: min of mins, max of maxes, mean weighted by counts
        TreeMap<Long, double[]> buckets = new TreeMap<>();
        for (MinuteAggregate m : minutes) {
            long bucket = Math.floorDiv(m.minute(), stepMinutes) * stepMinutes;
            double[] b = buckets.computeIfAbsent(bucket, k -> new double[] {Double.POSITIVE_INFINITY, 0,
                    Double.NEGATIVE_INFINITY, 0});
            b[0] = Math.min(b[0], m.min());
            b[1] += m.mean() * m.count();
            b[2] = Math.max(b[2], m.max());
            b[3] += m.count();
        }
        List<double[]> points = new ArrayList<>(buckets.size());
        buckets.forEach((bucket, b) -> points.add(new double[] {bucket * 60_000.0, b[0], b[1] / b[3], b[2]}));
        return new HistorySeries(sensor, channel, stepMinutes * 60, points);
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
        flush(true);
    }
}
