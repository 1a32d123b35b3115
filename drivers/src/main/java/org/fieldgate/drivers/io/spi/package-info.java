/**
 * SPI devices through pi4j, opened by bus and chip select.
 *
 * <p>May import: drivers.io.gpio.
 */
package org.fieldgate.drivers.io.spi;
