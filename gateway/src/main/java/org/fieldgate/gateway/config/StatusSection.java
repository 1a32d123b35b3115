package org.fieldgate.gateway.config;

/**
 * {@code status.http:} the local status API.
 *
 * @param bind         {@code host:port}
 * @param portFallback when the port is taken, listen on a free port instead of failing
 */
public record StatusSection(HostPort bind, boolean portFallback) {
}
