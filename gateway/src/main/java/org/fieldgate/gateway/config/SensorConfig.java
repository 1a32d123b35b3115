package org.fieldgate.gateway.config;

import java.time.Duration;
import java.util.List;
import org.fieldgate.drivers.ChannelSpec;
import org.fieldgate.drivers.DriverFactory;

/**
 * One {@code sensors:} entry.
 *
 * @param id           unique sensor id ({@code [a-z0-9-]+}), part of the telemetry topic
 * @param driver       registered driver id
 * @param every        reading interval (the driver's default when not given)
 * @param factory      the driver's factory
 * @param driverConfig the driver-specific keys, bound to {@code factory.configType()}
 * @param channels     what the sensor reports
 * @param pairWith     {@code pair_with}: the id of a second PM sensor at the same spot whose
 *                     {@code pm2_5} must agree with this one's (see docs/drivers/pm-pairing.md), or null
 */
public record SensorConfig(String id, String driver, Duration every, DriverFactory<?> factory,
                           Object driverConfig, List<ChannelSpec> channels, String pairWith) {
    public SensorConfig {
        channels = List.copyOf(channels);
    }

    /** An unpaired sensor. */
    public SensorConfig(String id, String driver, Duration every, DriverFactory<?> factory,
                        Object driverConfig, List<ChannelSpec> channels) {
        this(id, driver, every, factory, driverConfig, channels, null);
    }

    public java.util.Optional<ChannelSpec> channel(String name) {
        return channels.stream().filter(c -> c.name().equals(name)).findFirst();
    }
}
