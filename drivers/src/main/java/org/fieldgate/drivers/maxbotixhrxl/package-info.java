/**
 * MaxBotix HRXL ultrasonic range finders (ASCII {@code Rnnnn} frames over serial): water level by
 * distance. Docs: {@code docs/drivers/maxbotix-hrxl.md}.
 *
 * <p>May import: drivers, drivers.io.transport.
 */
package org.fieldgate.drivers.maxbotixhrxl;
