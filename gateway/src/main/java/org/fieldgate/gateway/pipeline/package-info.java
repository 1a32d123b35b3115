/**
 * From readings to stored messages: per-sensor buffers, the rules, the group commit to the store
 * every second, waveform seconds, event windows and alarm state. Docs: {@code docs/storage.md},
 * {@code docs/rules.md}.
 *
 * <p>Enter at {@link org.fieldgate.gateway.pipeline.Pipeline} (built from its {@code Parts}); one file
 * per part: {@code SensorBuffer}, {@code SensorMessages}, {@code Alarms}, {@code AlertQueue},
 * {@code StagedRecovery}, {@code EventWindows}.
 *
 * <p>May import: drivers, drivers.pmpair, gateway.aqi, gateway.clock, gateway.config,
 * gateway.contract, gateway.mseed, gateway.rules, gateway.rules.seismic, gateway.store,
 * gateway.supervision.
 */
package org.fieldgate.gateway.pipeline;
