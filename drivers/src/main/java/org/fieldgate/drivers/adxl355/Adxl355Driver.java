package org.fieldgate.drivers.adxl355;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.fieldgate.drivers.Driver;
import org.fieldgate.drivers.DriverContext;
import org.fieldgate.drivers.DriverCounters;
import org.fieldgate.drivers.DurationText;
import org.fieldgate.drivers.Quality;
import org.fieldgate.drivers.RangeCheck;
import org.fieldgate.drivers.ReaderThread;
import org.fieldgate.drivers.Reading;
import org.fieldgate.drivers.ReadingSink;
import org.fieldgate.drivers.SampleClock;
import org.fieldgate.drivers.SensorState;
import org.fieldgate.drivers.WaveformPacket;
import org.fieldgate.drivers.io.spi.SpiDevice;
import org.fieldgate.drivers.io.spi.SpiDevices;
import org.fieldgate.drivers.io.spi.SpiSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads an ADXL355 on one daemon thread {@code driver-<id>}: opens the SPI device, resets the chip,
 * checks its identity, sets range and rate, starts measuring, then polls the FIFO every 20–40 ms and
 * delivers each read at once as a {@link WaveformPacket} (x, y, z in m/s², offsets subtracted), timed
 * by a {@link SampleClock}; {@code temp_c} every {@code every}. Any failure (device missing, wrong
 * identity, transfer error, no samples for {@link #SILENT_AFTER}) closes the device, sets state
 * {@code fault} and starts again after a backoff (1 s doubling to 30 s), for as long as the gateway
 * runs.
 *
 * <p>Lost samples are never papered over: a FIFO overrun or entries out of triplet order are counted,
 * logged, and the sample clock starts again from the read time, so the gap shows as a jump in
 * {@code t0}. Counters: {@code samples} (triplets read), {@code packets}, {@code fifo_overruns},
 * {@code misaligned} (reads with entries out of triplet order), {@code resyncs} (the sample times
 * drifted from the wall clock by more than 1 s and started again), {@code reconnects}.
 *
 * <p>Offsets (see {@link Adxl355Calibration}): with calibration on, saved offsets younger than
 * {@code calibration_max_age} are reused; otherwise the first {@code calibrate} seconds are averaged
 * and, when the sensor was still and level, become the new offsets (logged and saved); those samples
 * are held back and delivered with the new offsets, so no step appears in the waveform. A rejected
 * window falls back to the saved offsets of any age, else to none.
 */
final class Adxl355Driver implements Driver {

    static final String SAMPLES = "samples";
    static final String PACKETS = "packets";
    static final String FIFO_OVERRUNS = "fifo_overruns";
    static final String MISALIGNED = "misaligned";
    static final String RESYNCS = "resyncs";
    static final String RECONNECTS = "reconnects";
    static final String UNIT = "m/s2";

    /** An open chip that delivers nothing this long is re-initialised (a brown-out leaves it in standby). */
    static final Duration SILENT_AFTER = Duration.ofSeconds(2);
    static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private static final Logger log = LoggerFactory.getLogger(Adxl355Driver.class);

    private final DriverContext context;
    private final SpiDevices devices;
    private final SpiSettings spi;
    private final Adxl355Range range;
    private final double rate;
    private final int filter;
    private final Duration calibrationWindow;
    private final Duration maxOffsetAge;
    private final long pollNanos;
    private final Duration firstBackoff;
    private final RangeCheck rangeCheck;
    private final DriverCounters counters =
            new DriverCounters(List.of(SAMPLES, PACKETS, FIFO_OVERRUNS, MISALIGNED, RESYNCS, RECONNECTS));
    private final Adxl355OffsetFile offsetFile;
    private final SampleClock clock;
    private final Adxl355FifoParser parser = new Adxl355FifoParser();

    private volatile ReadingSink sink;
    private volatile Thread thread;
    private volatile boolean running;
    private volatile SensorState state = SensorState.STARTING;
    private volatile String lastError;
    private volatile Adxl355Offsets offsets = Adxl355Offsets.NONE;

    // reader thread only
    private Adxl355Calibration calibration;
    private Adxl355Offsets fallback;
    private final List<Block> held = new ArrayList<>();
    private long lastSampleNanos;
    private boolean sinkFailing;
    private boolean openedSinceLog;

    /** A placed block, m/s² before offsets. */
    private record Block(long t0, double rate, double[] x, double[] y, double[] z) {
    }

    Adxl355Driver(DriverContext context, SpiDevices devices, Adxl355Config config, Duration firstBackoff) {
        this.context = context;
        this.devices = devices;
        this.spi = config.spi();
        this.range = config.rangeValue();
        this.rate = config.rate();
        this.filter = Adxl355Codec.filterValue(rate).orElseThrow(
                () -> new IllegalArgumentException("rate: unsupported " + config.rate()));
        this.calibrationWindow = config.calibrationWindow();
        this.maxOffsetAge = config.maxOffsetAge();
        this.pollNanos = pollInterval(rate).toNanos();
        this.firstBackoff = firstBackoff;
        this.rangeCheck = new RangeCheck(Adxl355Factory.channels(range));
        this.offsetFile = new Adxl355OffsetFile(context.sensorId(), context.stateDir());
        this.clock = new SampleClock(rate, context.clock());
    }

    /** Often enough that the 32-triplet FIFO is at most a third full: 40 ms, 20 ms at the fastest rates. */
    static Duration pollInterval(double rate) {
        double fillMs = Adxl355Codec.FIFO_CAPACITY / 3 * 1000 / rate;
        return Duration.ofMillis(Math.max(20, Math.min(40, (long) (fillMs / 3))));
    }

    @Override
    public synchronized void start(ReadingSink readingSink) {
        if (thread != null) {
            throw new IllegalStateException("sensor " + context.sensorId() + " already started");
        }
        sink = readingSink;
        running = true;
        thread = ReaderThread.start(context.sensorId(), this::run);
    }

    private void run() {
        chooseOffsets();
        Duration backoff = firstBackoff;
        while (running) {
            long packetsBefore = counters.get(PACKETS);
            try (SpiDevice device = devices.open(spi)) {
                Adxl355Bus bus = new Adxl355Bus(device);
                try {
                    session(bus);
                } finally {
                    if (!running) {
                        standby(bus);
                    }
                }
            } catch (IOException e) {
                failed(e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (RuntimeException e) {
                // a bug must not end the sensor's thread: log it once with the trace, then start again
                log.error("sensor {}: unexpected error, starting the chip again", context.sensorId(), e);
                failed(e.toString());
            }
            if (!running) {
                break;
            }
            if (counters.get(PACKETS) > packetsBefore) {
                backoff = firstBackoff;
            }
            if (!sleep(backoff)) {
                break;
            }
            backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            counters.add(RECONNECTS, 1);
        }
    }

    private void failed(String why) {
        if (!running) {
            return;
        }
        if (!why.equals(lastError) || openedSinceLog) {
            // while the chip stays missing every retry fails alike: say it once
            log.warn("sensor {}: {}; retrying", context.sensorId(), why);
        }
        openedSinceLog = false;
        lastError = why; // set before the state: whoever sees fault also sees why
        state = SensorState.FAULT;
    }

    private void session(Adxl355Bus bus) throws IOException, InterruptedException {
        setUp(bus);
        openedSinceLog = true;
        state = SensorState.STARTING;
        clock.reset();
        parser.reset();
        lastSampleNanos = System.nanoTime();
        long nextTemperature = System.nanoTime();
        long next = System.nanoTime();
        while (running) {
            poll(bus);
            long now = System.nanoTime();
            if (now - nextTemperature >= 0) {
                temperature(bus);
                nextTemperature = now + Math.max(1, context.every().toNanos());
            }
            if (now - lastSampleNanos > SILENT_AFTER.toNanos()) {
                throw new IOException("no samples from the ADXL355 on " + bus.describe() + " for "
                        + DurationText.format(SILENT_AFTER) + " (chip reset or unpowered?)");
            }
            next += pollNanos;
            long wait = next - System.nanoTime();
            if (wait <= 0) {
                next = System.nanoTime();
            } else {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
        }
    }

    /** Reset, identity, range, rate, measurement mode (datasheet "Register Map"). */
    private void setUp(Adxl355Bus bus) throws IOException, InterruptedException {
        bus.write(Adxl355Codec.RESET, Adxl355Codec.RESET_CODE);
        Thread.sleep(10); // the reset reloads the chip's trim from NVM
        byte[] id = bus.read(Adxl355Codec.DEVID_AD, 4);
        int ad = id[0] & 0xFF;
        int mst = id[1] & 0xFF;
        int part = id[2] & 0xFF;
        if (ad != Adxl355Codec.EXPECTED_DEVID_AD || mst != Adxl355Codec.EXPECTED_DEVID_MST
                || part != Adxl355Codec.EXPECTED_PARTID) {
            throw new IOException(String.format(Locale.ROOT, "not an ADXL355 on %s: DEVID_AD, DEVID_MST, PARTID read"
                    + " 0x%02X, 0x%02X, 0x%02X, expected 0xAD, 0x1D, 0xED (check the wiring, chip select and 3.3 V;"
                    + " all 0x00 or all 0xFF: nothing answers)", bus.describe(), ad, mst, part));
        }
        bus.write(Adxl355Codec.RANGE, (Adxl355Codec.RANGE_RESET & ~0x03) | range.bits());
        bus.write(Adxl355Codec.FILTER, filter);
        bus.write(Adxl355Codec.POWER_CTL, Adxl355Codec.POWER_MEASURE);
        lastError = null;
        log.info("sensor {}: ADXL355 rev {} on {}: ±{} g, {} Hz, FIFO read every {} ms", context.sensorId(),
                id[3] & 0xFF, bus.describe(), range.g(), Adxl355Codec.formatRate(rate), pollNanos / 1_000_000);
    }

    private void poll(Adxl355Bus bus) throws IOException {
        byte[] status = bus.read(Adxl355Codec.STATUS, 2); // STATUS, FIFO_ENTRIES
        if ((status[0] & Adxl355Codec.STATUS_FIFO_OVR) != 0) {
            counters.add(FIFO_OVERRUNS, 1);
            log.warn("sensor {}: FIFO overrun: samples were lost (no read for over {} ms); sample times start"
                    + " again from now", context.sensorId(), Math.round(Adxl355Codec.FIFO_CAPACITY / 3 * 1000 / rate));
            clock.reset();
            parser.reset();
        }
        int entries = Math.min(status[1] & 0x7F, Adxl355Codec.FIFO_CAPACITY) / 3 * 3;
        if (entries == 0) {
            return;
        }
        Adxl355FifoParser.Batch batch = parser.parse(bus.readFifo(entries));
        if (batch.dropped() > 0) {
            counters.add(MISALIGNED, 1);
            log.warn("sensor {}: {} FIFO entries out of x/y/z order dropped; sample times start again from now",
                    context.sensorId(), batch.dropped());
            clock.reset();
        }
        int n = batch.size();
        if (n == 0) {
            return;
        }
        lastSampleNanos = System.nanoTime();
        counters.add(SAMPLES, n);
        SampleClock.Placement placed = clock.place(n, 0);
        if (placed.resynced()) {
            counters.add(RESYNCS, 1);
            log.warn("sensor {}: sample times were more than 1 s off the clock; started again from now",
                    context.sensorId());
        }
        Block block = new Block(placed.t0(), placed.rate(), scale(batch.x()), scale(batch.y()), scale(batch.z()));
        if (calibration == null) {
            deliver(block);
            return;
        }
        held.add(block);
        for (int i = 0; i < n; i++) {
            calibration.add(block.x()[i], block.y()[i], block.z()[i]);
        }
        if (calibration.complete()) {
            finishCalibration();
        }
    }

    private double[] scale(int[] raw) {
        double[] v = new double[raw.length];
        for (int i = 0; i < raw.length; i++) {
            v[i] = Adxl355Codec.toMs2(raw[i], range);
        }
        return v;
    }

    private void deliver(Block b) {
        Adxl355Offsets o = offsets;
        Map<String, double[]> axes = new LinkedHashMap<>();
        axes.put("x", minus(b.x(), o.x()));
        axes.put("y", minus(b.y(), o.y()));
        axes.put("z", minus(b.z(), o.z()));
        WaveformPacket packet = new WaveformPacket(b.t0(), b.rate(), UNIT, axes);
        counters.add(PACKETS, 1);
        state = SensorState.OK;
        ReadingSink s = sink;
        try {
            s.waveform(packet);
            sinkAccepts();
        } catch (RuntimeException e) {
            sinkRejected(e);
        }
    }

    private static double[] minus(double[] v, double offset) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i] - offset;
        }
        return out;
    }

    private void temperature(Adxl355Bus bus) throws IOException {
        byte[] t = bus.read(Adxl355Codec.TEMP2, 2);
        double celsius = Adxl355Codec.temperatureC(Adxl355Codec.temperatureRaw(t[0], t[1]));
        List<Reading> readings = rangeCheck.apply(List.of(new Reading(Adxl355Factory.TEMPERATURE.name(),
                context.clock().millis(), Math.round(celsius * 100) / 100.0, Quality.OK)));
        try {
            sink.readings(readings);
            sinkAccepts();
        } catch (RuntimeException e) {
            sinkRejected(e);
        }
    }

    private void sinkAccepts() {
        if (sinkFailing) {
            sinkFailing = false;
            log.info("sensor {}: sink accepts readings again", context.sensorId());
        }
    }

    private void sinkRejected(RuntimeException e) {
        // the sink's trouble (a full store) is not the chip's: keep reading, log when it starts
        if (!sinkFailing) {
            sinkFailing = true;
            log.warn("sensor {}: sink rejected readings: {}", context.sensorId(), e.toString());
        }
    }

    /** Saved offsets when recent enough, else a calibration window (or none when calibration is off). */
    private void chooseOffsets() {
        if (calibrationWindow.isZero()) {
            log.info("sensor {}: offset calibration off: axes are reported as the chip measures them",
                    context.sensorId());
            return;
        }
        Optional<Adxl355Offsets> saved = offsetFile.load();
        long now = context.clock().millis();
        if (saved.isPresent() && now - saved.get().measured() < maxOffsetAge.toMillis()
                && saved.get().measured() <= now) {
            offsets = saved.get();
            log.info("sensor {}: reusing offsets {} measured {} (younger than calibration_max_age {}) from {}",
                    context.sensorId(), offsets, Instant.ofEpochMilli(offsets.measured()),
                    DurationText.format(maxOffsetAge), offsetFile.path());
            return;
        }
        fallback = saved.orElse(null);
        int needed = (int) Math.max(1, Math.round(calibrationWindow.toMillis() / 1000.0 * rate));
        calibration = new Adxl355Calibration(needed);
        log.info("sensor {}: calibrating offsets over the first {} ({} samples): the station must be still,"
                + " z up; samples are held back until then", context.sensorId(),
                DurationText.format(calibrationWindow), needed);
    }

    private void finishCalibration() {
        Adxl355Calibration.Result result = calibration.result(context.clock().millis());
        calibration = null;
        if (result.offsets() != null) {
            offsets = result.offsets();
            try {
                offsetFile.save(offsets);
                log.info("sensor {}: offsets {} ({}), saved to {}", context.sensorId(), offsets, result.verdict(),
                        offsetFile.path());
            } catch (IOException | RuntimeException e) {
                log.warn("sensor {}: offsets {} ({}) could not be saved to {}: {}", context.sensorId(), offsets,
                        result.verdict(), offsetFile.path(), e.toString());
            }
        } else if (fallback != null) {
            offsets = fallback;
            log.warn("sensor {}: calibration rejected ({}); using the saved offsets {} measured {}",
                    context.sensorId(), result.verdict(), offsets, Instant.ofEpochMilli(offsets.measured()));
        } else {
            log.warn("sensor {}: calibration rejected ({}); no saved offsets: axes are reported uncorrected",
                    context.sensorId(), result.verdict());
        }
        for (Block b : held) {
            deliver(b);
        }
        held.clear();
    }

    /** A stopped sensor's chip stops measuring (best effort: the device may be gone). */
    private void standby(Adxl355Bus bus) {
        try {
            bus.write(Adxl355Codec.POWER_CTL, Adxl355Codec.POWER_STANDBY);
        } catch (IOException | RuntimeException e) {
            log.debug("sensor {}: standby at close failed: {}", context.sensorId(), e.toString());
        }
    }

    private boolean sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The offsets applied now (for status and tests). */
    Adxl355Offsets offsets() {
        return offsets;
    }

    @Override
    public SensorState state() {
        return state;
    }

    /** Why the chip could not be read last time, or null. */
    public String lastError() {
        return lastError;
    }

    @Override
    public Map<String, Long> counters() {
        return counters.snapshot();
    }

    @Override
    public boolean alive() {
        return ReaderThread.alive(thread, running);
    }

    @Override
    public void close() {
        Thread t;
        synchronized (this) {
            if (state == SensorState.STOPPED) {
                return;
            }
            running = false;
            t = thread;
        }
        ReaderThread.stop(t);
        state = SensorState.STOPPED;
    }
}
