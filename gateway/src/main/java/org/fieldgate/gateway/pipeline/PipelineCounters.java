package org.fieldgate.gateway.pipeline;

/**
 * Monotonic counters of the pipeline, for health and metrics.
 *
 * @param readings        scalar readings received
 * @param waveformPackets waveform packets received
 * @param appended        messages committed to the outbox (an alert and its alarm copy count once)
 * @param alerts          alert events produced by the rules
 * @param storeFailures   appends that failed (disk error, store closed)
 * @param dropped         readings and waveform packets lost because the store kept failing
 */
public record PipelineCounters(long readings, long waveformPackets, long appended, long alerts, long storeFailures,
                               long dropped) {
}
