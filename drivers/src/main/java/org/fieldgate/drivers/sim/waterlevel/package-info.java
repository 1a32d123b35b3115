/**
 * Simulated river gauge (stage with a scheduled flood) for the demo and tests. Docs: {@code
 * docs/drivers/sim-water-level.md}.
 *
 * <p>May import: drivers, drivers.sim.
 */
package org.fieldgate.drivers.sim.waterlevel;
