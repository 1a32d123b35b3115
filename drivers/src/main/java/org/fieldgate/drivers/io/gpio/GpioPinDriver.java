package org.fieldgate.drivers.io.gpio;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.fieldgate.drivers.ChannelSpec;
import org.fieldgate.drivers.Driver;
import org.fieldgate.drivers.DriverCounters;
import org.fieldgate.drivers.RangeCheck;
import org.fieldgate.drivers.DriverContext;
import org.fieldgate.drivers.DurationText;
import org.fieldgate.drivers.Reading;
import org.fieldgate.drivers.ReadingSink;
import org.fieldgate.drivers.SensorState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lifecycle every driver of one digital input pin shares. One thread per sensor opens the pin
 * (state {@code fault} and a retry every {@link #REOPEN_EVERY} while it cannot be opened, {@code ok}
 * once open), then runs every hook on that same thread: {@link #opened}, {@link #edge} (edges are
 * handed over from the GPIO library's thread with the time they were seen, so queueing does not
 * skew debouncing), {@link #every} once per reading interval and {@link #stopping} at close. A
 * subclass therefore needs no locks. Readings outside a channel's physical range are marked
 * {@code suspect}.
 */
public abstract class GpioPinDriver implements Driver {

    /** How often a pin that could not be opened is tried again. */
    public static final Duration REOPEN_EVERY = Duration.ofSeconds(30);

    private final Logger log = LoggerFactory.getLogger(getClass());
    private final DriverContext context;
    private final GpioInputs gpio;
    private final int pin;
    private final Pull pull;
    private final Duration reopenEvery;
    private final RangeCheck rangeCheck;
    private final DriverCounters counters;
    private final ScheduledThreadPoolExecutor thread;
    private volatile ReadingSink sink;
    private volatile GpioInput input;
    private volatile SensorState state = SensorState.STARTING;
    private volatile String lastError;
    private volatile boolean started;
    private volatile ScheduledFuture<?> ticks;

    /**
     * @param counterNames counters reported from the start (at 0)
     * @param reopenEvery  retry interval while the pin cannot be opened ({@link #REOPEN_EVERY})
     */
    protected GpioPinDriver(DriverContext context, GpioInputs gpio, int pin, Pull pull, List<ChannelSpec> channels,
                            List<String> counterNames, Duration reopenEvery) {
        this.context = Objects.requireNonNull(context, "context");
        this.gpio = Objects.requireNonNull(gpio, "gpio");
        this.pin = pin;
        this.pull = Objects.requireNonNull(pull, "pull");
        this.reopenEvery = reopenEvery;
        this.rangeCheck = new RangeCheck(channels);
        this.counters = new DriverCounters(counterNames);
        thread = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "driver-" + context.sensorId());
            t.setDaemon(true);
            return t;
        });
        thread.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        thread.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
    }

    /** The pin is open and reads {@code high} now. */
    protected abstract void opened(boolean high, long nanoTime);

    /** An edge: the level after it and when it was seen ({@link System#nanoTime()}). */
    protected abstract void edge(boolean high, long nanoTime);

    /** Once per reading interval while the pin is open. */
    protected abstract void every(long nanoTime);

    /** The driver is closing (the pin is still open when it was); flush what must not be lost. */
    protected void stopping(long nanoTime) {
    }

    @Override
    public final synchronized void start(ReadingSink readingSink) {
        if (started) {
            throw new IllegalStateException("sensor " + context.sensorId() + " already started");
        }
        started = true;
        sink = readingSink;
        thread.execute(this::tryOpen);
    }

    private void tryOpen() {
        if (thread.isShutdown()) {
            return;
        }
        try {
            GpioInput in = gpio.open(pin, pull, this::handOver);
            synchronized (this) {
                if (state == SensorState.STOPPED) {
                    in.close();
                    return;
                }
                input = in;
                state = SensorState.OK;
            }
            lastError = null;
            log.info("sensor {}: BCM {} open (pull {}, {})", context.sensorId(), pin, pull.wire(), gpio.describe());
            opened(in.high(), System.nanoTime());
            long every = Math.max(1, context.every().toNanos());
            ticks = thread.scheduleAtFixedRate(this::tick, every, every, TimeUnit.NANOSECONDS);
        } catch (GpioUnavailableException | RuntimeException e) {
            String why = e instanceof GpioUnavailableException ? e.getMessage() : e.toString();
            if (!why.equals(lastError)) {
                // one line per new reason, not one every 30 s for a gauge that waits for its wiring
                log.warn("sensor {}: {}; retrying every {}", context.sensorId(), why, DurationText.format(reopenEvery));
            }
            // the reason is set before the state, so whoever sees `fault` also sees why
            lastError = why;
            synchronized (this) {
                if (state == SensorState.STOPPED) {
                    return;
                }
                state = SensorState.FAULT;
            }
            schedule(this::tryOpen, reopenEvery);
        }
    }

    private void handOver(boolean high, long nanoTime) {
        try {
            thread.execute(() -> {
                if (input != null) {
                    edge(high, nanoTime);
                }
            });
        } catch (RejectedExecutionException e) {
            // closing: the edge no longer matters
        }
    }

    private void tick() {
        try {
            every(System.nanoTime());
        } catch (RuntimeException e) {
            // a bug in one interval must not end the periodic task (and with it the sensor)
            lastError = e.toString();
            log.error("sensor {}: unexpected error", context.sensorId(), e);
        }
    }

    /** Runs {@code task} on the driver's thread after {@code delay}. */
    protected final void schedule(Runnable task, Duration delay) {
        try {
            thread.schedule(task, Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            // closing
        }
    }

    protected final DriverContext context() {
        return context;
    }

    /** Wall-clock time for a reading taken now. */
    protected final long now() {
        return context.clock().millis();
    }

    /** Adds {@code n} to a counter (created on first use). */
    protected final void count(String counter, long n) {
        counters.add(counter, n);
    }

    /** Delivers readings taken at one instant; a reading outside its channel's range is {@code suspect}. */
    protected final void emit(List<Reading> readings) {
        List<Reading> checked = rangeCheck.apply(readings);
        ReadingSink s = sink;
        if (s != null && !checked.isEmpty()) {
            s.readings(checked);
        }
    }

    @Override
    public SensorState state() {
        return state;
    }

    /** Why the pin could not be opened last time, or null. */
    public String lastError() {
        return lastError;
    }

    @Override
    public Map<String, Long> counters() {
        return counters.snapshot();
    }

    /** False once the reading interval's task ended (an {@link Error} in {@link #every}) while running. */
    @Override
    public boolean alive() {
        ScheduledFuture<?> t = ticks;
        return state == SensorState.STOPPED || t == null || !t.isDone();
    }

    @Override
    public void close() {
        synchronized (this) {
            if (state == SensorState.STOPPED) {
                return;
            }
            state = SensorState.STOPPED;
        }
        try {
            // flush on the driver's thread, after the edges already queued
            thread.submit(() -> {
                if (input != null) {
                    stopping(System.nanoTime());
                }
            }).get(5, TimeUnit.SECONDS);
        } catch (RejectedExecutionException e) {
            // never started
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            log.warn("sensor {}: closing: {}", context.sensorId(), e.toString());
        }
        thread.shutdownNow();
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        GpioInput in = input;
        input = null;
        if (in != null) {
            in.close();
        }
    }
}
