package org.fieldgate.gateway.store;

/**
 * One MQTT message to be stored, before it has an outbox id.
 *
 * @param topic    full topic
 * @param retained publish with the retain flag
 * @param payload  UTF-8 JSON
 */
public record OutgoingMessage(String topic, boolean retained, byte[] payload) {
}
