package org.fieldgate.gateway.config;

/**
 * {@code local_broker:} the embedded MQTT broker for the site LAN and the demo.
 *
 * @param enabled      run it
 * @param bind         {@code host:port} to listen on
 * @param portFallback when the port is taken, listen on a free port instead of failing (the demo
 *                     uses this; the address actually used is in status and the run file)
 */
public record LocalBrokerSection(boolean enabled, HostPort bind, boolean portFallback) {
}
