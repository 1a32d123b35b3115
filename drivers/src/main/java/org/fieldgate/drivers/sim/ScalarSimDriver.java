package org.fieldgate.drivers.sim;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.fieldgate.drivers.DriverContext;
import org.fieldgate.drivers.Reading;
import org.fieldgate.drivers.ReadingSink;
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
public final class ScalarSimDriver extends SimDriver {

    private static final Logger log = LoggerFactory.getLogger(ScalarSimDriver.class);

    private final ScalarSimulation simulation;
    private final AtomicLong readings = new AtomicLong();
    private long tick;

    public ScalarSimDriver(DriverContext context, ScalarSimulation simulation) {
        super(context);
        this.simulation = Objects.requireNonNull(simulation, "simulation");
        if (context.every().toMillis() < 1) {
            throw new IllegalArgumentException("every must be at least 1 ms, got " + context.every());
        }
    }

    @Override
    protected ScheduledFuture<?> schedule(ScheduledExecutorService thread, ReadingSink sink) {
        long periodMs = context.every().toMillis();
        log.info("sensor {} simulating every {} ms", context.sensorId(), periodMs);
        return thread.scheduleAtFixedRate(logged(() -> takeReadings(sink)), 0, periodMs, TimeUnit.MILLISECONDS);
    }

    // Runs on the sim thread only.
    private void takeReadings(ReadingSink sink) {
        Duration sinceStart = context.every().multipliedBy(tick++);
        List<Reading> batch = simulation.readingsAt(context.clock().millis(), sinceStart);
        try {
            sink.readings(batch);
        } catch (RuntimeException e) {
            sinkFailed(e);
            return;
        }
        readings.addAndGet(batch.size());
        delivered();
    }

    @Override
    public Map<String, Long> counters() {
        return Map.of("readings", readings.get());
    }
}
