package org.fieldgate.gateway.store;

/**
 * A message committed to the outbox.
 *
 * @param id        outbox row id, increasing in commit order (publish order within a lane)
 * @param seq       the gateway sequence number carried in the payload (an alert and its retained
 *                  alarm copy share one seq)
 * @param lane      lane
 * @param topic     full topic
 * @param retained  retain flag
 * @param payload   UTF-8 JSON
 * @param createdAt commit time, ms since the epoch
 */
public record StoredMessage(long id, long seq, Lane lane, String topic, boolean retained, byte[] payload,
                            long createdAt) {
}
