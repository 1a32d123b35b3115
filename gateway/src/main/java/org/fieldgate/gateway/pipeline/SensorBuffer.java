package org.fieldgate.gateway.pipeline;

import static org.fieldgate.gateway.pipeline.SensorMessages.mseedStream;
import static org.fieldgate.gateway.pipeline.SensorMessages.readingsStream;
import static org.fieldgate.gateway.pipeline.SensorMessages.secondStream;
import static org.fieldgate.gateway.pipeline.SensorMessages.windowStream;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.fieldgate.drivers.Quality;
import org.fieldgate.drivers.Reading;
import org.fieldgate.drivers.WaveformPacket;
import org.fieldgate.gateway.clock.ClockQuality;
import org.fieldgate.gateway.config.WaveformUplink;
import org.fieldgate.gateway.mseed.MiniSeedCodes;
import org.fieldgate.gateway.mseed.MiniSeedStream;
import org.fieldgate.gateway.store.Lane;
import org.fieldgate.gateway.store.StagedFragment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One sensor's waiting readings and last-seen values, its waveform being assembled (one-second
 * packets, miniSEED records, summaries, event windows), and what of all this the next commit
 * carries. Guarded by its own monitor (the pipeline also holds it around the sensor's rules step).
 */
final class SensorBuffer {

    private static final Logger log = LoggerFactory.getLogger(Pipeline.class); // the pipeline's log lines keep their name

    final String sensor;
    private final SensorMessages messages;
    private final ClockQuality clockQuality;
    private final RunningCounters counters;
    private final WaveformPlan waveforms;

    private List<Reading> pending = new ArrayList<>();
    /** The first this many of {@link #pending} are staged on disk. */
    private int stagedReadings;
    /** Completed messages waiting for the next commit, in order. */
    private final ArrayDeque<Outgoing> ready = new ArrayDeque<>();
    private int readyWindowParts;
    /** The miniSEED stream took samples since its partial records were last staged. */
    private boolean miniSeedChanged;
    private final Map<String, Reading> last = new HashMap<>();
    private Map<String, Double> peaks = Map.of();
    private long lastReadingTime;
    private long receivedAt;

    private final WaveformUplink uplink;
    private SecondPackets seconds;
    private MiniSeedStream miniSeed;
    private WaveformSummary summary;
    private EventWindows windows;
    /** Streams of open windows staged as a reference to the one-second packets. */
    private final Set<String> referencedWindows = new HashSet<>(2);

    SensorBuffer(String sensor, WaveformPlan waveforms, SensorMessages messages, ClockQuality clockQuality,
                 RunningCounters counters) {
        this.sensor = sensor;
        this.waveforms = waveforms;
        this.messages = messages;
        this.clockQuality = clockQuality;
        this.counters = counters;
        this.uplink = waveforms.uplink(sensor);
    }

    /** What one sensor gives one commit, and takes back when the commit fails. */
    record Collected(SensorBuffer buffer, List<Outgoing> messages, List<Outgoing> ready,
                     List<Reading> readings, List<StagedFragment> fragments, List<String> closed) {
    }

    synchronized EventWindows windows() {
        if (windows == null) {
            windows = waveforms.windows(sensor);
        }
        return windows;
    }

    /** What a waveform block sends: finished event windows, then stream packets or summaries. */
    synchronized List<Outgoing> waveformOut(WaveformPacket block, Quality q, long now) {
        List<Outgoing> out = new ArrayList<>(1);
        for (EventWindows.Window w : windows().add(block)) {
            messages.windowParts(sensor, w, q, out);
        }
        if (uplink.send() == WaveformUplink.Send.TRIGGERED) {
            if (summary == null) {
                summary = new WaveformSummary(uplink.summary().toMillis());
            }
            for (Reading r : summary.add(block)) {
                counters.readings.incrementAndGet();
                add(q == Quality.OK ? r : r.withQuality(q), now);
            }
        } else if (uplink.format() == WaveformUplink.Format.MINISEED) {
            if (miniSeed == null) {
                miniSeed = miniSeedStream(block);
            }
            records(miniSeed.add(block), out);
            miniSeedChanged = true;
        } else {
            if (seconds == null) {
                seconds = new SecondPackets();
            }
            for (WaveformPacket p : seconds.add(block)) {
                out.add(messages.second(sensor, p, q, secondStream(sensor)));
            }
        }
        return out;
    }

    /** The sensor's miniSEED stream, its channel codes derived from the first block's rate and axes. */
    private MiniSeedStream miniSeedStream(WaveformPacket first) {
        WaveformUplink.MiniSeed m = uplink.miniseed();
        MiniSeedCodes codes = MiniSeedCodes.defaults(m.network(), m.station(), m.location(), first.sampleRate(),
                first.axes().keySet());
        for (Map.Entry<String, String> c : m.channels().entrySet()) {
            codes = codes.withChannel(c.getKey(), c.getValue());
        }
        log.info("sensor {}: miniSEED {}.{}.{} channels {}, {}-byte records", sensor, codes.network(),
                codes.station(), codes.location(), codes.channels(), m.recordLength());
        return new MiniSeedStream(codes, m.recordLength(), m.unitsPerCount(), m.maxLatency());
    }

    /** Full records as one message on {@code mseed/{sensor}} (see {@link SensorMessages#records}). */
    private void records(List<byte[]> records, List<Outgoing> out) {
        if (records.isEmpty()) {
            return;
        }
        out.add(messages.records(sensor, records, mseedStream(sensor)));
    }

    /** Packets, summaries and windows that waited long enough; everything when {@code all} (closing). */
    synchronized List<Outgoing> waveformDue(long now, boolean all) {
        List<Outgoing> out = new ArrayList<>(0);
        Quality q = clockQuality.knownGood() ? Quality.OK : Quality.UNSYNCED;
        if (seconds != null) {
            for (WaveformPacket p : all ? seconds.flush() : seconds.due(now)) {
                out.add(messages.second(sensor, p, q, secondStream(sensor)));
            }
        }
        if (miniSeed != null) {
            records(all ? miniSeed.flush() : miniSeed.due(now), out);
        }
        if (summary != null) {
            for (Reading r : all ? summary.flush() : summary.due(now)) {
                counters.readings.incrementAndGet();
                add(q == Quality.OK ? r : r.withQuality(q), now);
            }
        }
        if (windows != null) {
            for (EventWindows.Window w : all ? windows.flush() : windows.due(now)) {
                messages.windowParts(sensor, w, q, out);
            }
        }
        return out;
    }

    /** Completed messages join the queue for the next commit (bounded: the oldest of a lane go). */
    synchronized void enqueue(List<Outgoing> completed) {
        for (Outgoing m : completed) {
            ready.addLast(m);
            if (m.lane() == Lane.ALERT) {
                readyWindowParts++;
            }
        }
        while (readyWindowParts > Pipeline.MAX_PENDING_WINDOW_PARTS) {
            dropOldest(Lane.ALERT, "event window part");
        }
        while (ready.size() - readyWindowParts > Pipeline.MAX_READY_TELEMETRY) {
            dropOldest(Lane.TELEMETRY, "waveform message");
        }
    }

    private void dropOldest(Lane lane, String what) {
        for (Iterator<Outgoing> it = ready.iterator(); it.hasNext(); ) {
            if (it.next().lane() == lane) {
                it.remove();
                if (lane == Lane.ALERT) {
                    readyWindowParts--;
                }
                long n = counters.dropped.incrementAndGet();
                if (n == 1 || n % 100 == 0) {
                    log.error("sensor {}: dropped the oldest unstored {} ({} dropped in all)", sensor, what, n);
                }
                return;
            }
        }
    }

    /**
     * Takes what the next commit carries: completed messages, the scalar batch when
     * {@code closeBatch}, and fragments of all that is open (from the start when {@code all});
     * {@code closing} completes everything.
     */
    synchronized Collected collect(long now, boolean closeBatch, boolean closing, boolean all) {
        enqueue(waveformDue(now, closing));
        Quality q = clockQuality.knownGood() ? Quality.OK : Quality.UNSYNCED;
        List<Outgoing> taken = new ArrayList<>(ready);
        ready.clear();
        readyWindowParts = 0;
        List<Outgoing> out = new ArrayList<>(taken);
        List<String> closed = new ArrayList<>();
        for (Outgoing m : taken) {
            if (m.stream() != null && !closed.contains(m.stream())) {
                closed.add(m.stream());
            }
        }
        List<Reading> batch = List.of();
        if (closeBatch && !pending.isEmpty()) {
            batch = take();
            messages.telemetry(sensor, batch, readingsStream(sensor), out);
            closed.add(readingsStream(sensor));
        }
        List<StagedFragment> fragments = new ArrayList<>(2);
        int from = all ? 0 : stagedReadings;
        if (pending.size() > from) {
            fragments.add(new StagedFragment(readingsStream(sensor),
                    StagedFragments.readings(pending.subList(from, pending.size()))));
            stagedReadings = pending.size();
        }
        WaveformPacket second = seconds == null ? null : seconds.unstaged(all);
        if (second != null) {
            fragments.add(new StagedFragment(secondStream(sensor), StagedFragments.samples(second, q)));
        }
        if (miniSeed != null && (miniSeedChanged || all)) {
            // the partial records are restated whole each time (they are re-packed as they fill)
            if (!closed.contains(mseedStream(sensor))) {
                closed.add(mseedStream(sensor));
            }
            List<byte[]> partial = miniSeed.partials();
            if (!partial.isEmpty()) {
                fragments.add(new StagedFragment(mseedStream(sensor), StagedFragments.records(partial)));
            }
            miniSeedChanged = false;
        }
        if (windows != null) {
            if (all) {
                referencedWindows.clear(); // every fragment is restated
            }
            referencedWindows.removeAll(closed); // a window that goes on after a break needs a new one
            for (EventWindows.Stretch w : windows.unstaged(all)) {
                String stream = windowStream(sensor, w.rule(), w.onset());
                if (seconds == null) {
                    fragments.add(new StagedFragment(stream, StagedFragments.samples(w.samples(), q)));
                } else if (referencedWindows.add(stream)) {
                    // the samples are committed anyway as one-second packets (and the partial second
                    // is staged): a reference saves writing them twice (docs/storage.md, "Disk writes")
                    fragments.add(new StagedFragment(stream, StagedFragments.windowReference(w.samples().t0())));
                }
            }
        }
        return new Collected(this, out, taken, batch, fragments, closed);
    }

    /** After a failed commit: its messages and readings wait again, before anything newer. */
    synchronized void putBack(Collected c) {
        List<Outgoing> newer = new ArrayList<>(ready);
        ready.clear();
        readyWindowParts = 0;
        List<Outgoing> all = new ArrayList<>(c.ready());
        all.addAll(newer);
        enqueue(all);
        if (!c.readings().isEmpty()) {
            putBack(new ArrayList<>(c.readings()));
        }
        miniSeedChanged = true;
    }

    synchronized void add(Reading r, long now) {
        pending.add(r);
        if (pending.size() > Pipeline.MAX_PENDING_READINGS) {
            pending.remove(0);
            stagedReadings = Math.max(0, stagedReadings - 1);
            counters.dropped.incrementAndGet();
        }
        last.put(r.channel(), r);
        lastReadingTime = Math.max(lastReadingTime, r.time());
        receivedAt = now;
    }

    synchronized void sawWaveform(WaveformPacket p, long now) {
        Map<String, Double> m = new HashMap<>();
        for (Map.Entry<String, double[]> axis : p.axes().entrySet()) {
            double peak = 0;
            for (double v : axis.getValue()) {
                if (Double.isFinite(v)) {
                    peak = Math.max(peak, Math.abs(v));
                }
            }
            m.put(axis.getKey(), peak);
        }
        peaks = m;
        if (p.length() > 0) {
            long end = p.t0() + Math.round((p.length() - 1) * 1000.0 / p.sampleRate());
            lastReadingTime = Math.max(lastReadingTime, end);
        }
        receivedAt = now;
    }

    synchronized List<Reading> take() {
        List<Reading> out = pending;
        pending = new ArrayList<>();
        stagedReadings = 0;
        return out;
    }

    /** Puts back a batch that could not be stored, before anything that arrived since. */
    synchronized void putBack(List<Reading> older) {
        older.addAll(pending);
        int excess = older.size() - Pipeline.MAX_PENDING_READINGS;
        if (excess > 0) {
            older.subList(0, excess).clear();
            counters.dropped.addAndGet(excess);
        }
        pending = older;
        stagedReadings = 0; // the next commit restages (see restage)
    }

    synchronized SensorSnapshot snapshot() {
        return new SensorSnapshot(sensor, lastReadingTime, receivedAt, last, peaks);
    }
}
