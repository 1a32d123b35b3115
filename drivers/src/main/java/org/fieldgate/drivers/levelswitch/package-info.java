/**
 * A float or level switch on a GPIO input. Docs: {@code docs/drivers/level-switch.md}.
 *
 * <p>May import: drivers, drivers.io.gpio.
 */
package org.fieldgate.drivers.levelswitch;
