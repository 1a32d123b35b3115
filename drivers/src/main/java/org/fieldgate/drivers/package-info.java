/**
 * The driver SPI every sensor driver implements: {@link org.fieldgate.drivers.Driver} and its
 * factory, the registry that finds factories by name, readings, waveform packets, quality flags and
 * the small shared pieces a driver needs (reader thread, counters, range checks, config problems).
 *
 * <p>May import: nothing of ours.
 */
package org.fieldgate.drivers;
