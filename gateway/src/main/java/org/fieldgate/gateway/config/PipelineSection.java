package org.fieldgate.gateway.config;

import java.time.Duration;

/**
 * {@code pipeline:} how readings become messages.
 *
 * @param batch scalar readings of one sensor are gathered into one telemetry message per this
 *              interval (default 10 s); waveforms always go in 1-second packets
 */
public record PipelineSection(Duration batch) {
}
