package org.fieldgate.gateway.store;

/**
 * What waits in the outbox. Every figure comes from totals the store keeps as it writes, never
 * from a scan of the backlog.
 *
 * @param messages        rows waiting
 * @param bytes           payload bytes waiting
 * @param oldestCreated   commit time of the oldest waiting row, ms since the epoch, or 0 when empty
 * @param fileBytes       size of the store on disk (database + WAL)
 * @param lastSeq         the last seq assigned (0 before the first)
 * @param deadLetters     rows moved to the dead-letter table since the store was created
 * @param evictedMessages telemetry rows evicted under the disk budget since the store was created
 */
public record BacklogStats(long messages, long bytes, long oldestCreated, long fileBytes, long lastSeq,
                           long deadLetters, long evictedMessages) {

    /** The figures of the first version (no dead letters, no evictions). */
    public BacklogStats(long messages, long bytes, long oldestCreated, long fileBytes, long lastSeq) {
        this(messages, bytes, oldestCreated, fileBytes, lastSeq, 0, 0);
    }
}
