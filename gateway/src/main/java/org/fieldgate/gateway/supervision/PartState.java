package org.fieldgate.gateway.supervision;

import java.util.Locale;

/** Where a supervised part stands ({@code threads[].state} in the status API). */
public enum PartState {
    /** Doing its job. */
    RUNNING,
    /** Failed and is being retried: restarted after a backoff, or, for a scheduled part, at its next tick. */
    RESTARTING,
    /** Beyond retrying: {@code /healthz} answers 503 and {@code fieldgate run} exits 70. */
    DEAD;

    /** The lower-case name used on the wire. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
