package org.fieldgate.drivers.sim;

import java.time.Duration;
import java.util.List;
import org.fieldgate.drivers.Reading;

/**
 * A simulated scalar sensor without threads: asked in increasing time order, it returns the
 * readings of one instant. Deterministic for its seed: the same calls give the same readings.
 */
public interface ScalarSimulation {

    /**
     * The readings taken at one instant.
     *
     * @param epochMillis the wall-clock stamp of the readings (ms since the Unix epoch, UTC)
     * @param sinceStart  scenario time: how long the simulated sensor has been running
     */
    List<Reading> readingsAt(long epochMillis, Duration sinceStart);
}
