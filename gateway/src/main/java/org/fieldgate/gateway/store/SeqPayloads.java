package org.fieldgate.gateway.store;

import java.util.List;

/** Builds the messages for a freshly assigned seq (the seq goes inside the payload). */
@FunctionalInterface
public interface SeqPayloads {
    List<OutgoingMessage> forSeq(long seq);
}
