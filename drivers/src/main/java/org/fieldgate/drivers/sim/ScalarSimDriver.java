package org.fieldgate.drivers.sim;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.fieldgate.drivers.Driver;
import org.fieldgate.drivers.DriverContext;
import org.fieldgate.drivers.Reading;
import org.fieldgate.drivers.ReadingSink;
import org.fieldgate.drivers.SensorState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link ScalarSimulation} at the sensor's real rate: one daemon thread {@code sim-<id>}
 * takes readings every {@link DriverContext#every()}, stamped with {@link DriverContext#clock()}.
 *
 * <p>Scenario time is the tick number times {@code every}, not wall time, so the sequence of values
 * is the same on every run for a seed whatever the scheduling jitter or clock steps. A fixed-rate
 * schedule catches up after a stall rather than skipping readings.
 */
public final class ScalarSimDriver implements Driver {

    private static final Logger log = LoggerFactory.getLogger(ScalarSimDriver.class);

    private final DriverContext context;
    private final ScalarSimulation simulation;
    private final AtomicLong readings = new AtomicLong();
    private volatile SensorState state = SensorState.STARTING;
    private ScheduledExecutorService executor;
    private boolean closed;
    private long tick;
    private boolean sinkFailureLogged;

    public ScalarSimDriver(DriverContext context, ScalarSimulation simulation) {
        this.context = Objects.requireNonNull(context, "context");
        this.simulation = Objects.requireNonNull(simulation, "simulation");
        if (context.every().toMillis() < 1) {
            throw new IllegalArgumentException("every must be at least 1 ms, got " + context.every());
        }
    }

    @Override
    public synchronized void start(ReadingSink sink) {
        Objects.requireNonNull(sink, "sink");
        if (closed) {
            throw new IllegalStateException("sensor " + context.sensorId() + " is closed");
        }
        if (executor != null) {
            throw new IllegalStateException("sensor " + context.sensorId() + " already started");
        }
        long periodMs = context.every().toMillis();
        log.info("sensor {} simulating every {} ms", context.sensorId(), periodMs);
        executor = SimThreads.singleDaemon(context.sensorId());
        executor.scheduleAtFixedRate(() -> takeReadings(sink), 0, periodMs, TimeUnit.MILLISECONDS);
    }

    // Runs on the sim thread only.
    private void takeReadings(ReadingSink sink) {
        Duration sinceStart = context.every().multipliedBy(tick++);
        List<Reading> batch = simulation.readingsAt(context.clock().millis(), sinceStart);
        try {
            sink.readings(batch);
        } catch (RuntimeException e) {
            // an exception escaping a fixed-rate task would silently cancel every later reading
            if (!sinkFailureLogged) {
                log.warn("sensor {}: sink rejected readings: {}", context.sensorId(), e.toString());
                sinkFailureLogged = true;
            }
            return;
        }
        readings.addAndGet(batch.size());
        if (state == SensorState.STARTING) {
            state = SensorState.OK;
        }
    }

    @Override
    public SensorState state() {
        return state;
    }

    @Override
    public Map<String, Long> counters() {
        return Map.of("readings", readings.get());
    }

    @Override
    public void close() {
        ScheduledExecutorService running;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            running = executor;
        }
        if (running != null) {
            SimThreads.stop(running, context.sensorId());
        }
        state = SensorState.STOPPED;
    }
}
