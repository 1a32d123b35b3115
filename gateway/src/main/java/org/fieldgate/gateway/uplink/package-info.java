/**
 * Forwards the outbox over MQTT (Eclipse Paho): alerts first, in order, at least once, with TLS,
 * reconnects and dead letters for messages the broker refuses. Docs: {@code docs/uplink.md}.
 *
 * <p>May import: gateway.config, gateway.contract, gateway.store, gateway.supervision.
 */
package org.fieldgate.gateway.uplink;
