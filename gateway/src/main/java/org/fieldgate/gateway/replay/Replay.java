package org.fieldgate.gateway.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import org.fieldgate.drivers.Reading;
import org.fieldgate.drivers.ReadingSink;
import org.fieldgate.drivers.WaveformPacket;
import org.fieldgate.gateway.clock.ClockQuality;
import org.fieldgate.gateway.config.FieldgateConfig;
import org.fieldgate.gateway.config.SensorConfig;
import org.fieldgate.gateway.pipeline.Pipeline;
import org.fieldgate.gateway.store.Lane;
import org.fieldgate.gateway.store.StoredMessage;

/**
 * Runs recorded readings through a config's real {@link Pipeline} (its rules, PM pairing and
 * derived channels, exactly as live) over an in-memory outbox, with a {@link SimulatedClock} moved
 * to each reading's time and a flush every batch interval of simulated time. No broker, no sensor,
 * no disk.
 *
 * <p>Prints, one JSON line each, in the order the pipeline committed them: every alert event (the
 * payload of {@code alert/{rule}} as it would be published, seq included; the retained
 * {@code alarm/{rule}} copy is not printed) and every derived reading
 * ({@code {"t":ms,"sensor":…,"ch":…,"val":…}}): a reading the pipeline emitted on a channel the
 * recording did not feed for that sensor (the AQI channels {@code pm2_5_nowcast}, {@code vn_aqi},
 * …). Derived readings appear when their batch is committed (each batch interval of simulated time),
 * alerts at once.
 *
 * <p>Not thread-safe: one {@link #run} at a time per instance.
 */
public final class Replay {

    /** Batch interval when the config has no {@code pipeline.batch} (the pipeline's own default). */

    /** Sleeps between readings at a finite speed; replaced in tests. */
    @FunctionalInterface
    interface Sleeper {
        void sleep(long millis) throws InterruptedException;
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final FieldgateConfig config;
    private final Consumer<String> out;
    private final Sleeper sleeper;

    /**
     * @param config a loaded, valid config
     * @param out    receives each JSON line (without the line break)
     */
    public Replay(FieldgateConfig config, Consumer<String> out) {
        this(config, out, Thread::sleep);
    }

    Replay(FieldgateConfig config, Consumer<String> out, Sleeper sleeper) {
        this.config = Objects.requireNonNull(config, "config");
        this.out = Objects.requireNonNull(out, "out");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    }

    /**
     * Replays {@code inputs} (merged by time, see {@code docs/replay.md}). The whole input is checked
     * before the first line is printed: a bad line, time going backwards in a file, or a reading of
     * a sensor the config does not have is an error and nothing is printed.
     *
     * @param sensor only readings of this sensor are fed; null for all
     * @param speed  replay {@code speed}× real time, sleeping between readings; 0 or less = as fast as
     *               possible
     * @throws ReplayInputException naming the file, line and column at fault
     */
    public ReplayResult run(List<Path> inputs, String sensor, double speed)
            throws ReplayInputException, InterruptedException {
        Set<String> known = new HashSet<>();
        for (SensorConfig s : config.sensors()) {
            known.add(s.id());
        }
        if (sensor != null && !known.contains(sensor)) {
            throw new ReplayInputException("--sensor " + sensor + ": no such sensor in the config (has "
                    + String.join(", ", known.stream().sorted().toList()) + ")");
        }
        if (waveformInput(inputs)) {
            return replayWaveform(inputs, waveformSensor(sensor), speed);
        }
        Set<String> fed = check(inputs, sensor, known);
        return replay(inputs, sensor, speed, fed);
    }

    /** True when the inputs are JSON lines (OpenEEW waveform records); all or none must be. */
    private static boolean waveformInput(List<Path> inputs) throws ReplayInputException {
        int json = 0;
        for (Path p : inputs) {
            if (!java.nio.file.Files.isRegularFile(p)) {
                continue; // reported by the CSV reader, as before
            }
            try {
                json += OpenEewRecording.looksLikeJsonLines(p) ? 1 : 0;
            } catch (IOException e) {
                throw new ReplayInputException(p + ": cannot read: " + e.getMessage());
            }
        }
        if (json > 0 && json < inputs.stream().filter(java.nio.file.Files::isRegularFile).count()) {
            throw new ReplayInputException("mixed inputs: JSON-lines waveform records and CSV readings cannot be"
                    + " replayed together; replay them one kind at a time");
        }
        return json > 0;
    }

    /** The sensor a waveform record is fed to: {@code --sensor}, which must deliver a waveform. */
    private SensorConfig waveformSensor(String sensor) throws ReplayInputException {
        List<String> waveform = config.sensors().stream()
                .filter(s -> s.channels().stream().anyMatch(org.fieldgate.drivers.ChannelSpec::waveform))
                .map(SensorConfig::id).sorted().toList();
        if (sensor == null) {
            throw new ReplayInputException("a waveform record (JSON lines) needs --sensor: the waveform sensor it"
                    + " stands for (" + (waveform.isEmpty() ? "the config has none" : "one of " + String.join(", ",
                    waveform)) + ")");
        }
        if (!waveform.contains(sensor)) {
            throw new ReplayInputException("--sensor " + sensor + " delivers no waveform (" + (waveform.isEmpty()
                    ? "the config has no waveform sensor" : "waveform sensors: " + String.join(", ", waveform)) + ")");
        }
        return config.sensors().stream().filter(s -> s.id().equals(sensor)).findFirst().orElseThrow();
    }

    /**
     * Feeds a waveform record, one message (about a second) at a time, to {@code sensor} with the
     * clock at each message's last sample, as a live driver delivers it; prints the alerts.
     */
    private ReplayResult replayWaveform(List<Path> inputs, SensorConfig sensor, double speed)
            throws ReplayInputException, InterruptedException {
        List<WaveformPacket> packets = OpenEewRecording.read(inputs);
        if (packets.isEmpty()) {
            return new ReplayResult(0, 0, 0, 0, 0, 0);
        }
        long batch = batchMillis();
        long[] printed = new long[2];
        long samples = 0;
        long first = packets.get(0).t0();
        long last = first;
        SimulatedClock clock = new SimulatedClock(first);
        ReplayOutbox outbox = new ReplayOutbox(clock);
        Pipeline pipeline = new Pipeline(Pipeline.Parts.of(config, outbox, clock, ClockQuality.TRUSTED, () -> { }));
        try {
            ReadingSink sink = pipeline.forSensor(sensor.id());
            long nextFlush = first + batch;
            for (WaveformPacket p : packets) {
                long end = Math.max(last, p.t0() + Math.round((p.length() - 1) * 1000 / p.sampleRate()));
                if (speed > 0 && end > last) {
                    sleeper.sleep(Math.round((end - last) / speed));
                }
                while (end >= nextFlush) {
                    clock.advanceTo(nextFlush);
                    pipeline.flush();
                    print(outbox, Set.of(), printed); // alerts, and the summaries of a triggered-only sensor
                    nextFlush += batch;
                }
                clock.advanceTo(end);
                sink.waveform(p);
                samples += p.length();
                print(outbox, Set.of(), printed);
                last = end;
            }
        } finally {
            pipeline.close();
        }
        print(outbox, Set.of(), printed);
        return new ReplayResult(samples, 0, printed[0], printed[1], first, last);
    }

    /** The config's {@code pipeline.batch}, or the pipeline's default: how often replay flushes. */
    private long batchMillis() {
        return config.pipeline().batch().toMillis();
    }

    /** First pass: every line parses, files are in time order, sensors exist. Returns the fed sensor.ch. */
    private Set<String> check(List<Path> inputs, String sensor, Set<String> known) throws ReplayInputException {
        Set<String> fed = new HashSet<>();
        try (MergedRecording rec = MergedRecording.open(inputs)) {
            RecordedReading r;
            while ((r = rec.next()) != null) {
                if (sensor != null && !sensor.equals(r.sensor())) {
                    continue;
                }
                if (!known.contains(r.sensor())) {
                    throw new ReplayInputException(r.where() + ":" + r.sensorColumn() + ": sensor " + r.sensor()
                            + " is not in the config (has " + String.join(", ", known.stream().sorted().toList()) + ")");
                }
                fed.add(r.sensor() + "." + r.reading().channel());
            }
        }
        return fed;
    }

    private ReplayResult replay(List<Path> inputs, String sensor, double speed, Set<String> fed)
            throws ReplayInputException, InterruptedException {
        long batch = batchMillis();
        long readings = 0;
        long[] printed = new long[2]; // alerts, derived
        long first = 0;
        long last = 0;
        try (MergedRecording rec = MergedRecording.open(inputs)) {
            skipped = 0;
            RecordedReading r = nextFor(rec, sensor);
            if (r == null) {
                return new ReplayResult(0, 0, 0, 0, 0, 0);
            }
            SimulatedClock clock = new SimulatedClock(r.reading().time());
            ReplayOutbox outbox = new ReplayOutbox(clock);
            Pipeline pipeline = new Pipeline(Pipeline.Parts.of(config, outbox, clock, ClockQuality.TRUSTED,
                    () -> { }));
            try {
                first = r.reading().time();
                long nextFlush = first + batch;
                long previous = first;
                while (r != null) {
                    // one delivery = the readings of one sensor at one time, as a driver delivers a frame
                    List<Reading> group = new ArrayList<>();
                    String groupSensor = r.sensor();
                    long t = r.reading().time();
                    RecordedReading next;
                    group.add(r.reading());
                    while (true) {
                        next = nextFor(rec, sensor);
                        if (next == null || !next.sensor().equals(groupSensor) || next.reading().time() != t) {
                            break;
                        }
                        group.add(next.reading());
                    }
                    if (speed > 0 && t > previous) {
                        sleeper.sleep(Math.round((t - previous) / speed));
                    }
                    while (t >= nextFlush) {
                        clock.advanceTo(nextFlush);
                        pipeline.flush();
                        print(outbox, fed, printed);
                        nextFlush += batch;
                    }
                    clock.advanceTo(t);
                    ReadingSink sink = pipeline.forSensor(groupSensor);
                    sink.readings(group);
                    readings += group.size();
                    print(outbox, fed, printed);
                    previous = t;
                    last = t;
                    r = next;
                }
            } finally {
                pipeline.close(); // commits the last partial batch
            }
            print(outbox, fed, printed);
        }
        return new ReplayResult(readings, skipped, printed[0], printed[1], first, last);
    }

    /** Readings left out by the sensor filter in the current run (one run at a time). */
    private long skipped;

    private RecordedReading nextFor(MergedRecording rec, String sensor) throws ReplayInputException {
        RecordedReading r;
        while ((r = rec.next()) != null) {
            if (sensor == null || sensor.equals(r.sensor())) {
                return r;
            }
            skipped++;
        }
        return null;
    }

    /** Prints what the pipeline committed since the last call, in commit order. */
    private void print(ReplayOutbox outbox, Set<String> fed, long[] printed) {
        for (StoredMessage m : outbox.drain()) {
            if (m.lane() == Lane.ALERT) {
                if (!m.retained() && m.topic().contains("/alert/")) {
                    out.accept(new String(m.payload(), StandardCharsets.UTF_8));
                    printed[0]++;
                }
            } else if (m.topic().contains("/telemetry/")) { // not the binary miniSEED records
                printed[1] += printDerived(m, fed);
            }
        }
    }

    private int printDerived(StoredMessage m, Set<String> fed) {
        JsonNode message;
        try {
            message = JSON.readTree(m.payload());
        } catch (IOException e) {
            throw new IllegalStateException("pipeline wrote a telemetry payload that is not JSON: " + m.topic(), e);
        }
        JsonNode list = message.get("readings");
        String sensor = message.path("sensor").asText();
        if (list == null || !list.isArray()) {
            return 0; // a waveform batch: nothing derived in it
        }
        int n = 0;
        for (JsonNode r : list) {
            String ch = r.path("ch").asText();
            if (fed.contains(sensor + "." + ch)) {
                continue;
            }
            ObjectNode line = JSON.createObjectNode();
            line.put("t", r.path("t").asLong());
            line.put("sensor", sensor);
            line.put("ch", ch);
            line.set("val", r.get("val"));
            out.accept(line.toString());
            n++;
        }
        return n;
    }
}
