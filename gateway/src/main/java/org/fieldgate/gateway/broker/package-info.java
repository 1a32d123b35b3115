/**
 * The embedded MQTT broker ({@code local_broker}, Moquette): who may connect and publish, bounds on
 * subscriptions and retained messages, and the gateway's own in-process link to it. Docs: {@code
 * docs/local-broker.md}.
 *
 * <p>May import: gateway.broker.auth, gateway.config, gateway.uplink.
 */
package org.fieldgate.gateway.broker;
