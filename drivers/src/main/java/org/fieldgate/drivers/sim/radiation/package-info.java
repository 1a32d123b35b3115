/**
 * Simulated Geiger counter (Poisson counts on a background, a plume at a set time) for the demo and
 * load tests. Docs: {@code docs/drivers/sim-radiation.md}.
 *
 * <p>May import: drivers, drivers.sim.
 */
package org.fieldgate.drivers.sim.radiation;
