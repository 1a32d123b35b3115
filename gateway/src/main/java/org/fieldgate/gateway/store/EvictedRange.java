package org.fieldgate.gateway.store;

/**
 * Telemetry the store evicted, unsent, to stay within its disk budget: every TELEMETRY row with
 * {@code firstSeq <= seq <= lastSeq} that was still waiting is gone (alert seqs in between are
 * kept, and rows already acknowledged were not waiting).
 *
 * @param firstSeq lowest evicted seq
 * @param lastSeq  highest evicted seq
 * @param count    rows evicted
 * @param at       when, ms since the epoch
 */
public record EvictedRange(long firstSeq, long lastSeq, long count, long at) {
}
