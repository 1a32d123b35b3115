package org.fieldgate.drivers.io.transport;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.fieldgate.drivers.ChannelSpec;
import org.fieldgate.drivers.Driver;
import org.fieldgate.drivers.DriverCounters;
import org.fieldgate.drivers.RangeCheck;
import org.fieldgate.drivers.ReaderThread;
import org.fieldgate.drivers.DriverContext;
import org.fieldgate.drivers.Quality;
import org.fieldgate.drivers.Reading;
import org.fieldgate.drivers.ReadingSink;
import org.fieldgate.drivers.SensorState;
import org.fieldgate.drivers.WaveformPacket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lifecycle every driver over a {@link ByteLink} shares: one thread per sensor opens the link,
 * runs the protocol ({@link #session}) until the link breaks, then closes it, backs off (1 s doubling
 * to 30 s) and reopens by path, for as long as the gateway runs. It keeps the sensor's state
 * ({@code starting} until the first valid reading after an open, {@code ok}, {@code silent} after
 * {@link #silentAfter()} without a valid reading, {@code fault} from the first failed open or break
 * until the link is open again) and its counters, and
 * marks readings outside a channel's physical range {@code suspect}.
 */
public abstract class LinkDriver implements Driver {

    /** Bytes received from the device (tells "no data" from "data, but no valid frame"). */
    public static final String BYTES = "bytes";
    /** Valid frames decoded. */
    public static final String FRAMES = "frames";
    /** Frames dropped for a bad checksum or CRC. */
    public static final String CHECKSUM_ERRORS = "checksum_errors";
    /** Times the decoder skipped bytes to find the next frame start. */
    public static final String RESYNCS = "resyncs";
    /** Times the link was reopened after it broke or could not be opened. */
    public static final String RECONNECTS = "reconnects";
    /** Requests that got no (complete) answer in time. */
    public static final String TIMEOUTS = "timeouts";

    private static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    private static final Duration MIN_SILENT = Duration.ofSeconds(3);

    private final Logger log = LoggerFactory.getLogger(getClass());
    private final DriverContext context;
    private final RangeCheck rangeCheck;
    private final Supplier<ByteLink> links;
    private final DriverCounters counters =
            new DriverCounters(List.of(BYTES, FRAMES, CHECKSUM_ERRORS, RESYNCS, RECONNECTS, TIMEOUTS));
    private volatile ReadingSink sink;
    private volatile Thread thread;
    private volatile ByteLink link;
    private volatile boolean running;
    private volatile boolean linkUp;
    private volatile boolean everOpened;
    /** At least one open was tried (and failed or ended): a link that is down now is a fault. */
    private volatile boolean attempted;
    /** A valid reading was delivered since the link was last opened. */
    private volatile boolean validSinceOpen;
    private volatile long lastValidNanos;
    private volatile String lastError;
    private volatile boolean sinkFailing;
    /** The link opened since the last error was logged (so the same error is news again). */
    private boolean everOpenedSinceLog;
    private boolean unexpectedLogged;

    /**
     * @param channels what the sensor reports (for range checks)
     * @param links    makes a fresh, unopened link for every (re)open
     */
    protected LinkDriver(DriverContext context, List<ChannelSpec> channels, Supplier<ByteLink> links) {
        this.context = context;
        this.rangeCheck = new RangeCheck(channels);
        this.links = links;
    }

    /**
     * Speaks the protocol over an open link until it breaks ({@link IOException}) or the driver
     * stops ({@link #running()} turns false; return then). Call {@link #emit} for valid readings.
     */
    protected abstract void session(ByteLink link) throws IOException, InterruptedException;

    /** Reading intervals without a valid reading before the sensor counts as silent (default 3). */
    protected int silentPeriods() {
        return 3;
    }

    @Override
    public final synchronized void start(ReadingSink readingSink) {
        if (thread != null) {
            throw new IllegalStateException("sensor " + context.sensorId() + " already started");
        }
        sink = readingSink;
        running = true;
        thread = ReaderThread.start(context.sensorId(), this::run);
    }

    private void run() {
        Duration backoff = FIRST_BACKOFF;
        while (running) {
            ByteLink l = links.get();
            link = l;
            long framesBefore = counters.get(FRAMES);
            try {
                l.open();
                if (!running) {
                    break;
                }
                validSinceOpen = false;
                lastValidNanos = System.nanoTime();
                linkUp = true;
                everOpened = true;
                everOpenedSinceLog = true;
                log.info("sensor {}: {} open", context.sensorId(), l.describe());
                session(l);
            } catch (IOException e) {
                if (running) {
                    // while an adapter stays unplugged every reopen fails alike: say it once
                    if (e.getMessage() == null || !e.getMessage().equals(lastError) || everOpenedSinceLog) {
                        log.warn("sensor {}: {}", context.sensorId(), e.getMessage());
                    } else {
                        log.debug("sensor {}: still {}", context.sensorId(), e.getMessage());
                    }
                    everOpenedSinceLog = false;
                    lastError = e.getMessage();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (RuntimeException e) {
                // a protocol bug must not kill the sensor's thread: log it, reopen, go on; the stack
                // trace once, then one line per event
                lastError = e.toString();
                if (unexpectedLogged) {
                    log.error("sensor {}: unexpected error, reopening the link: {}", context.sensorId(), e.toString());
                } else {
                    unexpectedLogged = true;
                    log.error("sensor {}: unexpected error, reopening the link", context.sensorId(), e);
                }
            } finally {
                linkUp = false;
                attempted = true;
                l.close();
            }
            if (!running) {
                break;
            }
            if (counters.get(FRAMES) > framesBefore) {
                backoff = FIRST_BACKOFF;
            }
            sleep(backoff);
            backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            if (running) {
                count(RECONNECTS);
            }
        }
        linkUp = false;
    }

    private void sleep(Duration d) {
        long end = System.nanoTime() + d.toNanos();
        while (running && System.nanoTime() < end) {
            try {
                Thread.sleep(Math.min(100, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** True until {@link #close()}; a session loop checks it. */
    protected final boolean running() {
        return running;
    }

    protected final DriverContext context() {
        return context;
    }

    /** Adds one to a counter (created on first use). */
    protected final void count(String counter) {
        count(counter, 1);
    }

    protected final void count(String counter, long n) {
        counters.add(counter, n);
    }

    /**
     * Delivers readings taken at one instant: each is checked against its channel's physical range
     * ({@code suspect} outside it). A delivery with at least one {@code ok} reading proves the sensor
     * is alive.
     */
    protected final void emit(List<Reading> readings) {
        if (readings.isEmpty()) {
            return;
        }
        List<Reading> checked = rangeCheck.apply(readings);
        if (checked.stream().anyMatch(r -> r.quality() == Quality.OK)) {
            markValid();
        }
        deliver(s -> s.readings(checked), "readings");
    }

    /** Delivers a block of waveform samples; a block proves the sensor is alive. */
    protected final void emit(WaveformPacket packet) {
        markValid();
        deliver(s -> s.waveform(packet), "waveform");
    }

    private void markValid() {
        lastValidNanos = System.nanoTime();
        validSinceOpen = true;
    }

    private void deliver(Consumer<ReadingSink> delivery, String what) {
        ReadingSink s = sink;
        if (s == null) {
            return;
        }
        try {
            delivery.accept(s);
            if (sinkFailing) {
                sinkFailing = false;
                log.info("sensor {}: sink accepts {} again", context.sensorId(), what);
            }
        } catch (RuntimeException e) {
            // the sink's trouble (e.g. a full store) is not the link's: keep the port open and
            // log when it starts failing, not for every reading it drops
            if (!sinkFailing) {
                sinkFailing = true;
                log.warn("sensor {}: sink rejected {}: {}", context.sensorId(), what, e.toString());
            }
        }
    }

    /** Wall-clock time for a reading taken now. */
    protected final long now() {
        return context.clock().millis();
    }

    @Override
    public SensorState state() {
        if (!running) {
            return thread == null ? SensorState.STARTING : SensorState.STOPPED;
        }
        if (!linkUp) {
            return attempted || everOpened ? SensorState.FAULT : SensorState.STARTING;
        }
        if (System.nanoTime() - lastValidNanos > silentAfter().toNanos()) {
            return SensorState.SILENT;
        }
        return validSinceOpen ? SensorState.OK : SensorState.STARTING;
    }

    /**
     * How long an open link may go without a valid reading before the sensor is {@code silent}:
     * {@link #silentPeriods()} reading intervals, at least 3 s (a 10 Hz sensor is not silent after
     * one lost burst).
     */
    protected Duration silentAfter() {
        Duration periods = context.every().multipliedBy(silentPeriods());
        return periods.compareTo(MIN_SILENT) > 0 ? periods : MIN_SILENT;
    }

    /** The last link or protocol error, for probe and logs, or null. */
    public String lastError() {
        return lastError;
    }

    /** True once the link has been opened at least once (probe: "cannot open" vs "no data"). */
    public boolean everOpened() {
        return everOpened;
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
            running = false;
            t = thread;
        }
        ByteLink l = link;
        if (l != null) {
            l.close();
        }
        ReaderThread.stop(t);
    }
}
