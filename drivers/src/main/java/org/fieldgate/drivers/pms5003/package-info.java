/**
 * Plantower PMS5003 particulate sensor (32-byte frames over serial). Docs: {@code
 * docs/drivers/pms5003.md}.
 *
 * <p>May import: drivers, drivers.io.transport.
 */
package org.fieldgate.drivers.pms5003;
