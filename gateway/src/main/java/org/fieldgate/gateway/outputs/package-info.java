/**
 * Local outputs (sirens, lights) driven by the active alarms, with acknowledge, silence buttons and
 * resound. Docs: {@code docs/outputs.md}.
 *
 * <p>May import: drivers, drivers.io.gpio, gateway.config, gateway.pipeline, gateway.status,
 * gateway.supervision.
 */
package org.fieldgate.gateway.outputs;
