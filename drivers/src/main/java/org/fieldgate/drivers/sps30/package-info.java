/**
 * Sensirion SPS30 particulate sensor (SHDLC frames over serial). Docs: {@code
 * docs/drivers/sps30.md}.
 *
 * <p>May import: drivers, drivers.io.transport.
 */
package org.fieldgate.drivers.sps30;
