package org.fieldgate.gateway.config;

/** {@code gateway:} identity of this gateway. {@code id} matches {@code [a-z0-9-]+}. */
public record GatewaySection(String id, Site site) {

    /** {@code gateway.site:} where the gateway stands; every field optional. */
    public record Site(String name, Double lat, Double lon) {
    }
}
