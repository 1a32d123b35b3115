/**
 * Simulated air-quality sensor (PM2.5, PM10 and gases with a daily cycle) for the demo and tests.
 * Docs: {@code docs/drivers/sim-air-quality.md}.
 *
 * <p>May import: drivers, drivers.sim.
 */
package org.fieldgate.drivers.sim.airquality;
