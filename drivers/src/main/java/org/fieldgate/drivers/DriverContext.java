package org.fieldgate.drivers;

import java.time.Clock;
import java.time.Duration;

/**
 * What the runtime tells a driver when it creates one.
 *
 * @param sensorId the sensor's id from the config
 * @param every    how often a reading is taken (the config's {@code every}, or the driver's default)
 * @param clock    the wall clock to stamp readings with
 */
public record DriverContext(String sensorId, Duration every, Clock clock) {
}
