package org.fieldgate.drivers.simseismic;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.fieldgate.drivers.Driver;
import org.fieldgate.drivers.DriverContext;
import org.fieldgate.drivers.ReadingSink;
import org.fieldgate.drivers.SensorState;
import org.fieldgate.drivers.WaveformPacket;
import org.fieldgate.drivers.sim.SimThreads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays a {@link SeismicSimulation} in real time on one daemon thread {@code sim-<id>}: a packet
 * leaves once its second has fully elapsed. Elapsed time comes from a monotonic ticker, not the
 * wall clock, so a clock step neither skips nor repeats samples; packet times are the start time
 * (from {@link DriverContext#clock()}) plus whole seconds. After a stall the thread emits every
 * missing packet at once.
 */
final class SimSeismicDriver implements Driver {

    private static final Logger log = LoggerFactory.getLogger(SimSeismicDriver.class);
    private static final long POLL_MS = 100;

    private final DriverContext context;
    private final SeismicSimulation simulation;
    private final LongSupplier nanoTime;
    private final AtomicLong packets = new AtomicLong();
    private final AtomicLong samples = new AtomicLong();
    private volatile SensorState state = SensorState.STARTING;
    private ScheduledExecutorService executor;
    private boolean closed;
    private long startMillis;
    private long startNanos;
    private boolean sinkFailureLogged;

    SimSeismicDriver(DriverContext context, SeismicSimulation simulation) {
        this(context, simulation, System::nanoTime);
    }

    /** @param nanoTime monotonic time source; tests pass one they advance by hand */
    SimSeismicDriver(DriverContext context, SeismicSimulation simulation, LongSupplier nanoTime) {
        this.context = Objects.requireNonNull(context, "context");
        this.simulation = Objects.requireNonNull(simulation, "simulation");
        this.nanoTime = nanoTime;
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
        startMillis = context.clock().millis();
        startNanos = nanoTime.getAsLong();
        executor = SimThreads.singleDaemon(context.sensorId());
        executor.scheduleWithFixedDelay(() -> emitDue(sink), POLL_MS, POLL_MS, TimeUnit.MILLISECONDS);
        log.info("sensor {} simulating {} Hz waveform{}", context.sensorId(), simulation.sampleRate(),
                simulation.quake() == null ? "" : ", quake at " + simulation.quake().pOnsetSeconds() + " s");
    }

    // Runs on the sim thread only.
    private void emitDue(ReadingSink sink) {
        long completeSeconds = (nanoTime.getAsLong() - startNanos) / 1_000_000_000L;
        while (simulation.packetIndex() < completeSeconds && !Thread.currentThread().isInterrupted()) {
            WaveformPacket packet = simulation.nextPacket(startMillis);
            try {
                sink.waveform(packet);
            } catch (RuntimeException e) {
                // an exception escaping the task would cancel the schedule; the packet is dropped
                if (!sinkFailureLogged) {
                    log.warn("sensor {}: sink rejected a packet: {}", context.sensorId(), e.toString());
                    sinkFailureLogged = true;
                }
                continue;
            }
            packets.incrementAndGet();
            samples.addAndGet(packet.length());
            if (state == SensorState.STARTING) {
                state = SensorState.OK;
            }
        }
    }

    @Override
    public SensorState state() {
        return state;
    }

    /** {@code packets}, and {@code readings}: samples per axis. */
    @Override
    public Map<String, Long> counters() {
        return Map.of("packets", packets.get(), "readings", samples.get());
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
