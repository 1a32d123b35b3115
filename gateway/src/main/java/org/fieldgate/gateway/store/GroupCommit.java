package org.fieldgate.gateway.store;

import java.util.List;

/**
 * Everything the pipeline commits in one tick, in one transaction (one disk sync): the messages that
 * were completed, the deletion of the staged fragments they carry, and the fragments of what is still
 * being assembled.
 *
 * @param restage  delete every staged fragment first: the fragments below restate all that is open
 *                 (after a failed commit, whose fragments are not known to be stored)
 * @param closed   streams whose staged fragments are now inside {@code appends}: deleted
 * @param appends  messages, each with its own seq, in this order
 * @param staged   fragments of what is still open, kept until a later commit closes their stream
 */
public record GroupCommit(boolean restage, List<String> closed, List<PendingAppend> appends,
                          List<StagedFragment> staged) {

    public GroupCommit {
        closed = List.copyOf(closed);
        appends = List.copyOf(appends);
        staged = List.copyOf(staged);
    }

    public boolean isEmpty() {
        return !restage && closed.isEmpty() && appends.isEmpty() && staged.isEmpty();
    }
}
