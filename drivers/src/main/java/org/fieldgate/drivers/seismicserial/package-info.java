/**
 * Seismic digitisers that stream framed samples over serial (the FGS1 framing). Docs: {@code
 * docs/drivers/seismic-serial.md}.
 *
 * <p>May import: drivers, drivers.io.transport.
 */
package org.fieldgate.drivers.seismicserial;
