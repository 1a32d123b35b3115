package org.fieldgate.gateway.mseed;

import java.time.Instant;

/**
 * One decoded miniSEED 2 data record: stream codes, start time, sample rate and samples.
 *
 * @param sequenceNumber the record's 6-digit sequence number
 * @param network SEED network code (up to 2 characters)
 * @param station station code (up to 5)
 * @param location location code (up to 2, may be empty)
 * @param channel channel code (up to 3)
 * @param startMicros time of the first sample, microseconds since the Unix epoch (UTC)
 * @param sampleRate samples per second
 * @param samples decoded integer samples
 * @param recordLength bytes in the record (512, 4096, ...)
 */
public record MiniSeedRecord(
        int sequenceNumber,
        String network,
        String station,
        String location,
        String channel,
        long startMicros,
        double sampleRate,
        int[] samples,
        int recordLength) {

    /** {@code NET.STA.LOC.CHA}, as SEED tools print a stream. */
    public String streamId() {
        return network + "." + station + "." + location + "." + channel;
    }

    public Instant startTime() {
        return Instant.ofEpochSecond(Math.floorDiv(startMicros, 1_000_000L),
                Math.floorMod(startMicros, 1_000_000L) * 1000L);
    }

    /** Time just after the last sample, i.e. where a contiguous next record starts. */
    public long endMicros() {
        return startMicros + Math.round(samples.length * 1e6 / sampleRate);
    }
}
