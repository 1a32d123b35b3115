/**
 * The ADXL355 3-axis MEMS accelerometer on SPI: register map, FIFO codec, offsets and the driver
 * that reads it into waveform packets. Docs: {@code docs/drivers/adxl355.md}.
 *
 * <p>May import: drivers, drivers.io.spi.
 */
package org.fieldgate.drivers.adxl355;
