/**
 * Nova SDS011 particulate sensor (10-byte frames over serial). Docs: {@code
 * docs/drivers/sds011.md}.
 *
 * <p>May import: drivers, drivers.io.transport.
 */
package org.fieldgate.drivers.sds011;
