package org.fieldgate.gateway.store;

/**
 * A row of {@code alarm_state}: the state, and the seq and payload of the retained
 * {@code alarm/{rule}} message that published it.
 */
public record StoredAlarm(AlarmState state, long seq, byte[] payload) {
}
