package org.fieldgate.gateway.store;

import java.util.List;

/**
 * An alert (or the removal of a rule's retained alarm) the store could not write, published from
 * memory under a seq taken without the database ({@link OutboxStore#reserveSeq}).
 *
 * @param seq       its seq
 * @param rule      the rule
 * @param messages  {@code alert/{rule}} and the retained {@code alarm/{rule}} (for a removal only the
 *                  empty retained alarm), in publishing order
 * @param state     the alarm state it leaves, or null for a removal
 * @param createdAt when it was made, ms since the epoch
 */
public record UnstoredAlert(long seq, String rule, List<OutgoingMessage> messages, AlarmState state,
                            long createdAt) {
    public UnstoredAlert {
        messages = List.copyOf(messages);
    }
}
