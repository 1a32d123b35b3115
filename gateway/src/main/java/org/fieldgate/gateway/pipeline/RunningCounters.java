package org.fieldgate.gateway.pipeline;

import java.util.concurrent.atomic.AtomicLong;

/** The pipeline's counters as its parts add to them; {@link #snapshot()} is what health and metrics read. */
final class RunningCounters {

    final AtomicLong readings = new AtomicLong();
    final AtomicLong waveformPackets = new AtomicLong();
    final AtomicLong appended = new AtomicLong();
    final AtomicLong alerts = new AtomicLong();
    final AtomicLong storeFailures = new AtomicLong();
    final AtomicLong dropped = new AtomicLong();

    PipelineCounters snapshot() {
        return new PipelineCounters(readings.get(), waveformPackets.get(), appended.get(), alerts.get(),
                storeFailures.get(), dropped.get());
    }
}
