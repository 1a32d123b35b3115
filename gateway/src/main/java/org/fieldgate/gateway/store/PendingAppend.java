package org.fieldgate.gateway.store;

/** A message of a {@link GroupCommit}: its lane and the payloads built for the seq it is given. */
public record PendingAppend(Lane lane, SeqPayloads payloads) {
}
