package org.fieldgate.drivers.sim;

import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import org.fieldgate.drivers.Driver;
import org.fieldgate.drivers.DriverContext;
import org.fieldgate.drivers.ReadingSink;
import org.fieldgate.drivers.SensorState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lifecycle every simulator shares: one daemon thread {@code sim-<id>} started once, stopped by
 * {@link #close()}, state {@code starting} until the first delivery, and a sink failure logged once
 * (an exception escaping a scheduled task would silently cancel it).
 */
public abstract class SimDriver implements Driver {

    private final Logger log = LoggerFactory.getLogger(getClass());
    protected final DriverContext context;
    private volatile SensorState state = SensorState.STARTING;
    private ScheduledExecutorService executor;
    private volatile ScheduledFuture<?> task;
    private boolean closed;
    private boolean sinkFailureLogged;

    protected SimDriver(DriverContext context) {
        this.context = Objects.requireNonNull(context, "context");
    }

    /**
     * Schedules the simulation on the driver's own thread; called once, from {@link #start}. Returns
     * the periodic task: a throw that escapes it cancels it, and {@link #alive()} turns false.
     */
    protected abstract ScheduledFuture<?> schedule(ScheduledExecutorService thread, ReadingSink sink);

    @Override
    public final synchronized void start(ReadingSink sink) {
        Objects.requireNonNull(sink, "sink");
        if (closed) {
            throw new IllegalStateException("sensor " + context.sensorId() + " is closed");
        }
        if (executor != null) {
            throw new IllegalStateException("sensor " + context.sensorId() + " already started");
        }
        executor = SimThreads.singleDaemon(context.sensorId());
        task = schedule(executor, sink);
    }

    /** Wraps a periodic step so that what ends it is logged before it ends the task. */
    protected final Runnable logged(Runnable step) {
        return () -> {
            try {
                step.run();
            } catch (RuntimeException | Error e) {
                log.error("sensor {}: simulation stopped", context.sensorId(), e);
                throw e;
            }
        };
    }

    @Override
    public final boolean alive() {
        ScheduledFuture<?> t = task;
        synchronized (this) {
            if (closed) {
                return true;
            }
        }
        return t == null || !t.isDone();
    }

    /** Call after each successful delivery. */
    protected final void delivered() {
        if (state == SensorState.STARTING) {
            state = SensorState.OK;
        }
    }

    /** Call when the sink threw: logged the first time only. */
    protected final void sinkFailed(RuntimeException e) {
        if (!sinkFailureLogged) {
            log.warn("sensor {}: sink rejected readings: {}", context.sensorId(), e.toString());
            sinkFailureLogged = true;
        }
    }

    @Override
    public final SensorState state() {
        return state;
    }

    @Override
    public final void close() {
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
