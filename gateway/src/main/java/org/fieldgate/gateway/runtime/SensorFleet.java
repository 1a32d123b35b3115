package org.fieldgate.gateway.runtime;

import java.util.LinkedHashMap;
import java.util.Map;
import org.fieldgate.drivers.Driver;
import org.fieldgate.drivers.DriverContext;
import org.fieldgate.drivers.DriverFactory;
import org.fieldgate.drivers.ReadingSink;
import org.fieldgate.drivers.SensorState;
import org.fieldgate.gateway.config.SensorConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running drivers of a gateway, one per configured sensor. A sensor whose driver cannot be
 * created or started shows {@code fault}; the rest of the site keeps running.
 */
final class SensorFleet implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SensorFleet.class);

    private final Map<String, Driver> drivers = new LinkedHashMap<>();

    /** Creates and starts every sensor's driver. */
    void start(Iterable<SensorConfig> sensors, java.time.Clock clock, java.nio.file.Path stateRoot,
               java.util.function.Function<String, ReadingSink> sinks) {
        for (SensorConfig s : sensors) {
            try {
                java.nio.file.Path stateDir = java.nio.file.Files.createDirectories(stateRoot.resolve(s.id()));
                Driver d = create(s, new DriverContext(s.id(), s.every(), clock, stateDir));
                drivers.put(s.id(), d);
                d.start(sinks.apply(s.id()));
                LOG.info("sensor {} started (driver {}, every {})", s.id(), s.driver(), s.every());
            } catch (RuntimeException | java.io.IOException e) {
                LOG.error("sensor {} (driver {}) cannot start: {}", s.id(), s.driver(), e.getMessage());
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static <C> Driver create(SensorConfig s, DriverContext ctx) {
        DriverFactory<C> factory = (DriverFactory<C>) s.factory();
        return factory.createValid(ctx, (C) s.driverConfig());
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
        drivers.forEach((id, d) -> {
            try {
                d.close();
            } catch (RuntimeException e) {
                LOG.warn("sensor {}: error while closing: {}", id, e.getMessage());
            }
        });
    }
}
