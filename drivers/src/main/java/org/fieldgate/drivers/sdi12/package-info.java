/**
 * SDI-12 sensors (ASCII commands and replies on a serial bus adapter). Docs: {@code
 * docs/drivers/sdi12.md}.
 *
 * <p>May import: drivers, drivers.io.transport.
 */
package org.fieldgate.drivers.sdi12;
