/**
 * The MQTT contract v1 in one place: topics, every payload the gateway publishes (telemetry,
 * waveform, alert, alarm, event window, state birth and will, health) and the reading back of a
 * stored alert. Docs: {@code docs/mqtt-contract.md}.
 *
 * <p>May import: drivers, gateway.rules, gateway.rules.sealevel, gateway.rules.seismic, gateway.status.
 */
package org.fieldgate.gateway.contract;
