package org.fieldgate.gateway.uplink;

/**
 * What the uplink is doing, for the status API and health.
 *
 * @param connected       a broker connection is up
 * @param server          the broker connected to (or last tried while disconnected), or null
 * @param lastConnectedAt when the last connection was made, ms since the epoch, 0 never
 * @param lastError       the last connect or publish error, one line, or null
 * @param published       outbox messages handed to the broker since start (re-sends count again)
 * @param acked           outbox messages the broker acknowledged since start
 * @param inflight        outbox messages published and not yet acknowledged
 * @param reconnects      successful connects after the first one
 * @param ackTimeouts     links torn down because a PUBACK did not come within the ack timeout
 * @param deadLettered    poison messages moved to the dead-letter table since start
 */
public record UplinkStatus(boolean connected, String server, long lastConnectedAt, String lastError,
                           long published, long acked, int inflight, long reconnects, long ackTimeouts,
                           long deadLettered) {
}
