/**
 * GPIO pins through pi4j: inputs with edge listeners, outputs with a safe state, and the driver
 * base for a pin read at an interval.
 *
 * <p>May import: drivers.
 */
package org.fieldgate.drivers.io.gpio;
