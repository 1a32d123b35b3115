package org.fieldgate.gateway.config;

import java.time.Duration;

/**
 * {@code pipeline:} how readings become messages.
 *
 * @param batch scalar readings of one sensor are gathered into one telemetry message per this
 *              interval (default {@link #DEFAULT_BATCH}); waveforms always go in 1-second packets
 */
public record PipelineSection(Duration batch) {

    /** {@code batch} when the config gives none. */
    public static final Duration DEFAULT_BATCH = Duration.ofSeconds(10);

    public PipelineSection {
        batch = batch != null ? batch : DEFAULT_BATCH;
    }

    /** Every default. */
    public static PipelineSection defaults() {
        return new PipelineSection(null);
    }
}
