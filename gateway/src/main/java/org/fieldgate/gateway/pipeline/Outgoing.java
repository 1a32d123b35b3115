package org.fieldgate.gateway.pipeline;

import java.util.List;
import java.util.function.LongFunction;
import org.fieldgate.gateway.store.Lane;
import org.fieldgate.gateway.store.OutgoingMessage;
import org.fieldgate.gateway.store.PendingAppend;

/**
 * A message of a waveform sensor or a closing batch waiting for its seq; {@code stream} names the
 * staged fragments it carries (deleted when it is committed), or is null.
 */
record Outgoing(Lane lane, String topic, LongFunction<byte[]> payload, String stream) {

    /** The message as an append of a group commit: one row, not retained. */
    PendingAppend append() {
        return new PendingAppend(lane, seq -> List.of(new OutgoingMessage(topic, false, payload.apply(seq))));
    }
}
