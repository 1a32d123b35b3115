/**
 * Simulated tide gauge (tide plus a scheduled tsunami wave train) for the demo and load tests. Docs:
 * {@code docs/drivers/sim-sea-level.md}.
 *
 * <p>May import: drivers, drivers.sim.
 */
package org.fieldgate.drivers.sim.sealevel;
