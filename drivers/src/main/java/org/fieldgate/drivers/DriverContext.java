package org.fieldgate.drivers;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * What the runtime tells a driver when it creates one.
 *
 * @param sensorId the sensor's id from the config
 * @param every    how often a reading is taken (the config's {@code every}, or the driver's default)
 * @param clock    the wall clock to stamp readings with
 * @param stateDir a folder of this sensor's own for state that must survive a restart (e.g. a rain
 *                 gauge's running total); created by the runtime, next to the store
 */
public record DriverContext(String sensorId, Duration every, Clock clock, Path stateDir) {
}
