package org.fieldgate.gateway.status;

/** What became of a request to acknowledge (silence) an alarm. */
public enum AckOutcome {
    /** The alarm is acknowledged: its local outputs are silent until it clears or escalates. */
    ACKNOWLEDGED,
    /** No rule has that id. */
    UNKNOWN_RULE,
    /** The rule has no active alarm. */
    NO_ACTIVE_ALARM
}
