package org.fieldgate.gateway.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.fieldgate.drivers.Driver;
import org.fieldgate.drivers.DriverContext;
import org.fieldgate.drivers.DriverFactory;
import org.fieldgate.drivers.ReadingSink;
import org.fieldgate.drivers.SensorState;
import org.fieldgate.gateway.config.SensorConfig;
import org.fieldgate.gateway.supervision.Supervisor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running drivers of a gateway, one per configured sensor. A sensor whose driver cannot be
 * created or started shows {@code fault}; the rest of the site keeps running. Each started driver
 * is watched as part {@code driver-<sensor>}: one whose reading thread ended
 * ({@link Driver#alive()} false) is closed and replaced by a new one from its factory, with the
 * supervisor's backoff.
 */
final class SensorFleet implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SensorFleet.class);

    private final Map<String, Driver> drivers = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /** Creates and starts every sensor's driver, each watched by {@code supervisor}. */
    void start(Iterable<SensorConfig> sensors, Clock clock, Path stateRoot, Function<String, ReadingSink> sinks,
               Supervisor supervisor) {
        for (SensorConfig s : sensors) {
            try {
                Path stateDir = Files.createDirectories(stateRoot.resolve(s.id()));
                DriverContext context = new DriverContext(s.id(), s.every(), clock, stateDir);
                ReadingSink sink = sinks.apply(s.id());
                Driver d = create(s, context);
                drivers.put(s.id(), d);
                d.start(sink);
                LOG.info("sensor {} started (driver {}, every {})", s.id(), s.driver(), s.every());
                supervisor.watch("driver-" + s.id(), () -> alive(s.id()), "thread ended",
                        () -> restart(s, context, sink));
            } catch (RuntimeException | IOException e) {
                LOG.error("sensor {} (driver {}) cannot start: {}", s.id(), s.driver(), e.getMessage());
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static <C> Driver create(SensorConfig s, DriverContext ctx) {
        DriverFactory<C> factory = (DriverFactory<C>) s.factory();
        return factory.createValid(ctx, (C) s.driverConfig());
    }

    private boolean alive(String sensorId) {
        Driver d = drivers.get(sensorId);
        return closed || d == null || d.alive();
    }

    /** Closes the driver whose thread ended and starts a new one from its factory, on the same sink. */
    private void restart(SensorConfig s, DriverContext context, ReadingSink sink) {
        if (closed) {
            return;
        }
        Driver old = drivers.get(s.id());
        if (old != null) {
            try {
                old.close();
            } catch (RuntimeException e) {
                LOG.warn("sensor {}: error while closing the dead driver: {}", s.id(), e.getMessage());
            }
        }
        Driver fresh = create(s, context);
        drivers.put(s.id(), fresh);
        fresh.start(sink);
        LOG.warn("sensor {}: driver {} started again", s.id(), s.driver());
    }

    /** Every sensor's state, by id. */
    java.util.Map<String, SensorState> states() {
        java.util.Map<String, SensorState> out = new java.util.TreeMap<>();
        for (String id : drivers.keySet()) {
            out.put(id, state(id));
        }
        return out;
    }

    SensorState state(String sensorId) {
        Driver d = drivers.get(sensorId);
        return d == null ? SensorState.FAULT : d.state();
    }

    Map<String, Long> counters(String sensorId) {
        Driver d = drivers.get(sensorId);
        return d == null ? Map.of() : d.counters();
    }

    @Override
    public void close() {
        closed = true;
        drivers.forEach((id, d) -> {
            try {
                d.close();
            } catch (RuntimeException e) {
                LOG.warn("sensor {}: error while closing: {}", id, e.getMessage());
            }
        });
    }
}
