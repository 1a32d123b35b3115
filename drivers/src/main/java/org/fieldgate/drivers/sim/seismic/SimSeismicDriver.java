package org.fieldgate.drivers.sim.seismic;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.fieldgate.drivers.DriverContext;
import org.fieldgate.drivers.ReadingSink;
import org.fieldgate.drivers.WaveformPacket;
import org.fieldgate.drivers.sim.SimDriver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays a {@link SeismicSimulation} in real time on one daemon thread {@code sim-<id>}: every
 * {@value #POLL_MS} ms the samples that have fallen due leave as one block, as a real accelerometer's
 * FIFO would deliver them. Elapsed time comes from a monotonic ticker, not the wall clock, so a clock
 * step neither skips nor repeats samples; sample times are the start time (from
 * {@link DriverContext#clock()}) plus whole sample periods. After a stall the thread emits every
 * missing sample at once, one block per simulated second.
 */
final class SimSeismicDriver extends SimDriver {

    private static final Logger log = LoggerFactory.getLogger(SimSeismicDriver.class);
    private static final long POLL_MS = 100;

    private final SeismicSimulation simulation;
    private final LongSupplier nanoTime;
    private final AtomicLong packets = new AtomicLong();
    private final AtomicLong samples = new AtomicLong();
    /** The simulated second being released, and how many of its samples went. */
    private WaveformPacket second;
    private int released;
    private long startMillis;
    private long startNanos;

    SimSeismicDriver(DriverContext context, SeismicSimulation simulation) {
        this(context, simulation, System::nanoTime);
    }

    /** @param nanoTime monotonic time source; tests pass one they advance by hand */
    SimSeismicDriver(DriverContext context, SeismicSimulation simulation, LongSupplier nanoTime) {
        super(context);
        this.simulation = Objects.requireNonNull(simulation, "simulation");
        this.nanoTime = nanoTime;
    }

    @Override
    protected ScheduledFuture<?> schedule(ScheduledExecutorService thread, ReadingSink sink) {
        startMillis = context.clock().millis();
        startNanos = nanoTime.getAsLong();
        ScheduledFuture<?> task = thread.scheduleWithFixedDelay(logged(() -> emitDue(sink)), POLL_MS, POLL_MS,
                TimeUnit.MILLISECONDS);
        log.info("sensor {} simulating {} Hz waveform{}", context.sensorId(), simulation.sampleRate(),
                simulation.quake() == null ? "" : ", quake at " + simulation.quake().pOnsetSeconds() + " s");
        return task;
    }

    // Runs on the sim thread only.
    private void emitDue(ReadingSink sink) {
        long due = (nanoTime.getAsLong() - startNanos) * simulation.sampleRate() / 1_000_000_000L;
        while (samples.get() < due && !Thread.currentThread().isInterrupted()) {
            if (second == null || released == second.length()) {
                second = simulation.nextPacket(startMillis);
                released = 0;
            }
            int n = (int) Math.min(second.length() - released, due - samples.get());
            WaveformPacket block = second.slice(released, released + n);
            released += n;
            samples.addAndGet(n);
            try {
                sink.waveform(block);
            } catch (RuntimeException e) {
                sinkFailed(e); // the block is dropped
                continue;
            }
            packets.incrementAndGet();
            delivered();
        }
    }

    /** {@code packets} (blocks delivered), and {@code readings}: samples per axis. */
    @Override
    public Map<String, Long> counters() {
        return Map.of("packets", packets.get(), "readings", samples.get());
    }
}
