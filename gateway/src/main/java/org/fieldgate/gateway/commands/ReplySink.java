package org.fieldgate.gateway.commands;

/** Where replies go: the store's alert lane, as {@code R/G/reply/{id}} (the runtime's pipeline). */
@FunctionalInterface
public interface ReplySink {

    /** Records the reply; false when the store could not take it (logged by the sink). */
    boolean reply(String id, String cmd, Outcome outcome);
}
