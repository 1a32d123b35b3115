/**
 * Simulated 3-axis accelerometer (noise floor and scheduled quakes) for the demo and tests. Docs:
 * {@code docs/drivers/sim-seismic.md}.
 *
 * <p>May import: drivers, drivers.sim.
 */
package org.fieldgate.drivers.sim.seismic;
