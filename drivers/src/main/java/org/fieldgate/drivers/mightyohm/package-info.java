/**
 * MightyOhm (and LVA) Geiger counter kits: the once-a-second line
 * {@code CPS, n, CPM, n, uSv/hr, x.xx, SLOW|FAST|INST} on a 9600 8N1 serial port, with no checksum.
 * Docs: {@code docs/drivers/mightyohm.md}.
 *
 * <p>May import: drivers, drivers.io.transport.
 */
package org.fieldgate.drivers.mightyohm;
