/**
 * Byte links to a device (serial through jssc, serial-over-TCP) and what reads frames from them:
 * the stream decoder contract, the counting frame sink (bytes, frames, checksum errors, resyncs)
 * and the reconnecting link driver.
 *
 * <p>May import: drivers.
 */
package org.fieldgate.drivers.io.transport;
