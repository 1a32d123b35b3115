/**
 * Tipping-bucket rain gauge on a GPIO input: debounced tips counted into rainfall. Docs: {@code
 * docs/drivers/rain-gauge.md}.
 *
 * <p>May import: drivers, drivers.io.gpio.
 */
package org.fieldgate.drivers.raingauge;
