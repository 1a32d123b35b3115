/**
 * Safecast bGeigie Nano, Mini and NX radiation loggers (the {@code $BNRDD} / {@code $BMRDD} /
 * {@code $BNXRDD} serial sentence, XOR checksum): counts per minute and dose rate. Docs:
 * {@code docs/drivers/bgeigie.md}.
 *
 * <p>May import: drivers, drivers.io.transport.
 */
package org.fieldgate.drivers.bgeigie;
