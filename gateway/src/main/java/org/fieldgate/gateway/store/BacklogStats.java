package org.fieldgate.gateway.store;

/**
 * What waits in the outbox.
 *
 * @param messages      rows waiting
 * @param bytes         payload bytes waiting
 * @param oldestCreated commit time of the oldest waiting row, ms since the epoch, or 0 when empty
 * @param fileBytes     size of the store on disk (database + WAL)
 * @param lastSeq       the last seq assigned (0 before the first)
 */
public record BacklogStats(long messages, long bytes, long oldestCreated, long fileBytes, long lastSeq) {
}
